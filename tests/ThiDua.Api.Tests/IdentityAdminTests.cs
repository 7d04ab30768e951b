using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Identity;

namespace ThiDua.Api.Tests;

[Collection(ApiTests.Name)]
public sealed class IdentityAdminTests(ApiFixture fixture)
{
    private static Task? _badBloc;

    private IIdentityMap Map => fixture.Services.GetRequiredService<IIdentityMap>();

    [Fact]
    public async Task Council_staff_map_an_identity_to_its_unit_and_remove_the_mapping()
    {
        await World.CreateBlocAsync(fixture, "identity-admin");
        var admin = await fixture.AdminAsync();
        var objectId = Guid.NewGuid().ToString("D");

        var mapped = await admin.PutJsonAsync($"/api/identities/{objectId}", new { blocId = "identity-admin", unitId = "so-tu-phap" });

        Assert.Equal(HttpStatusCode.OK, mapped.Status);
        Assert.Equal("so-tu-phap", mapped.Json.GetProperty("unitId").GetString());
        Assert.Equal(Caller.Unit("identity-admin", "so-tu-phap"), await Map.FindAsync(objectId));

        var moved = await admin.PutJsonAsync($"/api/identities/{objectId}", new { blocId = "identity-admin", unitId = "cong-an-tinh" });
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Equal(Caller.Unit("identity-admin", "cong-an-tinh"), await Map.FindAsync(objectId));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendTextAsync(HttpMethod.Delete, $"/api/identities/{objectId}")).Status);
        Assert.Null(await Map.FindAsync(objectId));
        Assert.Contains("objectId", (await admin.SendTextAsync(HttpMethod.Delete, $"/api/identities/{objectId}")).Problem(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Only_council_staff_may_map_or_unmap_and_a_refusal_changes_nothing()
    {
        await World.CreateBlocAsync(fixture, "identity-guard");
        var objectId = Guid.NewGuid().ToString("D");
        await Map.MapAsync(objectId, "identity-guard", "so-noi-vu");
        var unit = await fixture.UnitAsync("identity-guard", "so-tu-phap");
        var body = new { blocId = "identity-guard", unitId = "so-tu-phap" };

        (await unit.PutJsonAsync($"/api/identities/{objectId}", body)).Problem(HttpStatusCode.Forbidden);
        (await unit.SendTextAsync(HttpMethod.Delete, $"/api/identities/{objectId}")).Problem(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().PutJsonAsync($"/api/identities/{objectId}", body)).Problem(HttpStatusCode.Unauthorized);
        (await fixture.Anonymous().SendTextAsync(HttpMethod.Delete, $"/api/identities/{objectId}")).Problem(HttpStatusCode.Unauthorized);

        Assert.Equal(Caller.Unit("identity-guard", "so-noi-vu"), await Map.FindAsync(objectId));
    }

    [Theory]
    [InlineData("not-a-guid", "identity-bad", "so-tu-phap", HttpStatusCode.BadRequest, "objectId")]
    [InlineData("0b8c5f6e-1d2a-4e3b-9c7d-5a6f8e9d0c1b", "identity-bad", "Sở Tư pháp", HttpStatusCode.BadRequest, "unitId")]
    [InlineData("0b8c5f6e-1d2a-4e3b-9c7d-5a6f8e9d0c1b", "identity-bad", "khong-co", HttpStatusCode.NotFound, "unitId")]
    [InlineData("0b8c5f6e-1d2a-4e3b-9c7d-5a6f8e9d0c1b", "bloc-khac", "so-tu-phap", HttpStatusCode.NotFound, "unitId")]
    public async Task A_bad_mapping_is_refused_naming_the_field(string objectId, string blocId, string unitId, HttpStatusCode status, string field)
    {
        // The cases of a theory run one after another: the bloc is created by the first.
        await (_badBloc ??= World.CreateBlocAsync(fixture, "identity-bad"));
        var reply = await (await fixture.AdminAsync()).PutJsonAsync($"/api/identities/{objectId}", new { blocId, unitId });

        Assert.Contains(field, reply.Problem(status));
        if (Guid.TryParse(objectId, out _))
        {
            Assert.Null(await Map.FindAsync(objectId));
        }
    }
}
