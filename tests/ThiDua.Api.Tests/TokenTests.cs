using System.Net;
using System.Net.Http.Headers;
using Azure.Data.Tables;
using ThiDua.Api.Identity;

namespace ThiDua.Api.Tests;

[Collection(ApiTests.Name)]
public sealed class TokenTests(ApiFixture fixture) : IDisposable
{
    public void Dispose() => fixture.Clock.Offset = TimeSpan.Zero;

    [Fact]
    public async Task A_token_works_until_revoked_or_expired_and_only_its_hash_is_stored()
    {
        await World.CreateBlocAsync(fixture, "tokens");
        var issued = await fixture.Tokens.IssueAsync(Caller.Unit("tokens", "so-tu-phap"), TimeSpan.FromHours(1), "Văn phòng Sở Tư pháp");
        var client = fixture.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Token);

        Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync("/api/blocs/tokens")).Status);
        Assert.Equal(Caller.Unit("tokens", "so-tu-phap"), await fixture.Tokens.ValidateAsync(issued.Token));

        var secret = issued.Token[(issued.Token.LastIndexOf('_') + 1)..];
        var table = new TableServiceClient(fixture.StorageOptions.ConnectionString).GetTableClient(fixture.StorageOptions.TablePrefix + "Tokens");
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            Assert.DoesNotContain(row, p => p.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true);
        }

        fixture.Clock.Offset = TimeSpan.FromHours(2);
        (await client.FetchAsync("/api/blocs/tokens")).Problem(HttpStatusCode.Unauthorized);
        fixture.Clock.Offset = TimeSpan.Zero;

        Assert.True(await fixture.Tokens.RevokeAsync(issued.TokenId));
        (await client.FetchAsync("/api/blocs/tokens")).Problem(HttpStatusCode.Unauthorized);
        Assert.NotNull(Assert.Single(await fixture.Tokens.ListAsync(), t => t.TokenId == issued.TokenId).RevokedAt);
    }

    [Fact]
    public async Task A_revocation_through_the_host_applies_at_once_and_one_made_elsewhere_within_the_cache_duration()
    {
        var hostClock = new TestClock();
        var host = new TokenStore(fixture.StorageOptions, hostClock, TimeSpan.FromMinutes(5));
        var cli = new TokenStore(fixture.StorageOptions);
        var revokedHere = await host.IssueAsync(Caller.Admin, TimeSpan.FromHours(1));
        var revokedElsewhere = await host.IssueAsync(Caller.Unit("tokens", "so-noi-vu"), TimeSpan.FromHours(1));
        Assert.Equal(Caller.Admin, await host.ValidateAsync(revokedHere.Token));
        Assert.Equal(Caller.Unit("tokens", "so-noi-vu"), await host.ValidateAsync(revokedElsewhere.Token));

        Assert.True(await host.RevokeAsync(revokedHere.TokenId));
        Assert.True(await cli.RevokeAsync(revokedElsewhere.TokenId));

        Assert.Null(await host.ValidateAsync(revokedHere.Token));
        Assert.Equal(Caller.Unit("tokens", "so-noi-vu"), await host.ValidateAsync(revokedElsewhere.Token));
        Assert.Null(await cli.ValidateAsync(revokedElsewhere.Token));

        hostClock.Offset = TimeSpan.FromMinutes(5);
        Assert.Null(await host.ValidateAsync(revokedElsewhere.Token));
        hostClock.Offset = TimeSpan.Zero;
        Assert.Null(await host.ValidateAsync(revokedElsewhere.Token));
    }

    [Fact]
    public async Task A_cached_token_still_needs_its_own_secret_and_stops_at_its_expiry()
    {
        var clock = new TestClock();
        var host = new TokenStore(fixture.StorageOptions, clock, TimeSpan.FromHours(1));
        var issued = await host.IssueAsync(Caller.Admin, TimeSpan.FromMinutes(10));
        var forged = issued.Token[..^4] + (issued.Token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        Assert.Equal(Caller.Admin, await host.ValidateAsync(issued.Token));

        Assert.Null(await host.ValidateAsync(forged));
        Assert.Equal(Caller.Admin, await host.ValidateAsync(issued.Token));

        clock.Offset = TimeSpan.FromMinutes(11);
        Assert.Null(await host.ValidateAsync(issued.Token));
    }

    [Theory]
    [InlineData("Bearer thidua_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    [InlineData("Bearer ' or PartitionKey ne '")]
    public async Task Unknown_or_malformed_credentials_are_anonymous(string authorization)
    {
        var client = fixture.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        (await client.FetchAsync("/api/blocs")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_forged_token_with_a_real_id_but_another_secret_is_refused()
    {
        var issued = await fixture.Tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1));
        var forged = issued.Token[..^4] + (issued.Token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        Assert.Null(await fixture.Tokens.ValidateAsync(forged));
        Assert.Equal(Caller.Admin, await fixture.Tokens.ValidateAsync(issued.Token));
    }

    [Fact]
    public async Task A_label_is_stored_composed_and_one_with_control_or_bidi_characters_issues_nothing()
    {
        var before = (await fixture.Tokens.ListAsync()).Count;

        foreach (var label in new[] { "Văn phòng\u0000", "Văn\u202Ephòng", "Văn phòng\nSở" })
        {
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), label));
            Assert.Equal("label", refused.ParamName);
        }

        Assert.Equal(before, (await fixture.Tokens.ListAsync()).Count);
        var issued = await fixture.Tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), "Văn phòng Sở Tư pháp".Normalize(System.Text.NormalizationForm.FormD));
        Assert.Equal("Văn phòng Sở Tư pháp", Assert.Single(await fixture.Tokens.ListAsync(), t => t.TokenId == issued.TokenId).Label);
    }
}
