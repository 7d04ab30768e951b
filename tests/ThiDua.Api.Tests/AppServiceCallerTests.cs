using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ThiDua.Api.Identity;

namespace ThiDua.Api.Tests;

/// <summary>The Azure resolver reads App Service Authentication's principal, and only when the platform set it.</summary>
[Collection(ApiTests.Name)]
public sealed class AppServiceCallerTests(ApiFixture fixture)
{
    private const string ObjectId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    [Fact]
    public async Task Admins_come_from_the_app_role_and_units_from_the_identity_map()
    {
        var map = new IdentityMap(fixture.StorageOptions);
        await map.InitializeAsync();
        await map.MapAsync(ObjectId, "noi-chinh", "so-tu-phap");
        var resolver = Resolver(map, platformAuthentication: true);

        Assert.Equal(Caller.Admin, await resolver.ResolveAsync(Request(("roles", "ThiDua.Admin"), ("oid", Guid.NewGuid().ToString())), default));
        Assert.Equal(Caller.Unit("noi-chinh", "so-tu-phap"), await resolver.ResolveAsync(Request(("http://schemas.microsoft.com/identity/claims/objectidentifier", ObjectId)), default));
        Assert.Equal(Caller.Anonymous, await resolver.ResolveAsync(Request(("oid", Guid.NewGuid().ToString())), default));
        Assert.Equal(Caller.Anonymous, await resolver.ResolveAsync(Request(("roles", "Reader")), default));

        Assert.True(await map.UnmapAsync(ObjectId));
        Assert.Equal(Caller.Anonymous, await resolver.ResolveAsync(Request(("oid", ObjectId)), default));
    }

    [Fact]
    public async Task Principal_headers_are_ignored_unless_the_platform_authenticates()
    {
        var resolver = Resolver(new IdentityMap(fixture.StorageOptions), platformAuthentication: false);

        Assert.Equal(Caller.Anonymous, await resolver.ResolveAsync(Request(("roles", "ThiDua.Admin")), default));
    }

    [Fact]
    public async Task A_malformed_principal_is_anonymous()
    {
        var resolver = Resolver(new IdentityMap(fixture.StorageOptions), platformAuthentication: true);
        var context = new DefaultHttpContext();
        context.Request.Headers["X-MS-CLIENT-PRINCIPAL"] = "not base64 {";

        Assert.Equal(Caller.Anonymous, await resolver.ResolveAsync(context.Request, default));
    }

    [Fact]
    public async Task A_principal_with_a_property_twice_is_anonymous()
    {
        var resolver = Resolver(new IdentityMap(fixture.StorageOptions), platformAuthentication: true);
        var context = new DefaultHttpContext();
        const string Principal = """{"auth_typ":"aad","claims":[{"typ":"roles","val":"Reader","val":"ThiDua.Admin"}]}""";
        context.Request.Headers["X-MS-CLIENT-PRINCIPAL"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Principal));

        Assert.Equal(Caller.Anonymous, await resolver.ResolveAsync(context.Request, default));
    }

    private static AppServiceCallerResolver Resolver(IIdentityMap map, bool platformAuthentication)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WEBSITE_AUTH_ENABLED"] = platformAuthentication ? "True" : null })
            .Build();
        return new AppServiceCallerResolver(map, configuration, Options.Create(new ThiDuaApiOptions()));
    }

    private static HttpRequest Request(params (string Type, string Value)[] claims)
    {
        var principal = new { auth_typ = "aad", claims = claims.Select(c => new { typ = c.Type, val = c.Value }), name_typ = "name", role_typ = "roles" };
        var context = new DefaultHttpContext();
        context.Request.Headers["X-MS-CLIENT-PRINCIPAL"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(principal)));
        return context.Request;
    }
}
