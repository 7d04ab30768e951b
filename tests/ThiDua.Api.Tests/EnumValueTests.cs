using System.Net;

namespace ThiDua.Api.Tests;

/// <summary>An enum field takes its camelCase names only; anything else is refused with the names it takes.</summary>
[Collection(ApiTests.Name)]
public sealed class EnumValueTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("\"bogus\"")]
    [InlineData("1")]
    public async Task An_unknown_enum_value_gets_a_400_listing_the_allowed_values(string value)
    {
        var admin = await fixture.AdminAsync();

        var reply = await admin.SendTextAsync(HttpMethod.Put, "/api/blocs/enum-values", $$$"""{"name":"Khối","rules":{"leaderElection":{{{value}}}}}""");

        Assert.Equal(["rules.leaderElection"], reply.Problem(HttpStatusCode.BadRequest));
        Assert.Equal("Phải là một trong các giá trị: rotation, vote.", reply.Json.GetProperty("errors").GetProperty("rules.leaderElection")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.FetchAsync("/api/blocs/enum-values")).Status);
    }
}
