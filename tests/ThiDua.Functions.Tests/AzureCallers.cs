using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api;
using ThiDua.Storage;

namespace ThiDua.Functions.Tests;

/// <summary>
/// Callers as the Functions app sees them in Azure: App Service Authentication on, its principal in
/// <c>X-MS-CLIENT-PRINCIPAL</c>, and the app's own API services (the real resolver). Admins and
/// principals without a unit come from the claims alone, so storage is never contacted for them.
/// </summary>
public static class AzureCallers
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The services the Functions app creates its handlers' dependencies from.</summary>
    public static IServiceProvider Services { get; } = CreateServices();

    /// <summary>Council staff: the app role the API expects.</summary>
    public static string Admin { get; } = Principal(("roles", new ThiDuaApiOptions().AdminRole), ("oid", "0b8e2c2e-7d4c-4d4e-9f1c-2f6f2f0b1a11"));

    /// <summary>Signed in with another role and no object id: not council staff, not a unit.</summary>
    public static string Reader { get; } = Principal(("roles", "Reader"));

    private static string Principal(params (string Type, string Value)[] claims)
    {
        var principal = new { auth_typ = "aad", claims = claims.Select(c => new { typ = c.Type, val = c.Value }), name_typ = "name", role_typ = "roles" };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(principal)));
    }

    private static ServiceProvider CreateServices()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WEBSITE_AUTH_ENABLED"] = "True" })
            .Build());
        services.AddThiDuaApi(new ThiDuaStorageOptions { ConnectionString = "UseDevelopmentStorage=true" }, options => options.Authentication = ApiAuthentication.AppService);
        return services.BuildServiceProvider();
    }
}
