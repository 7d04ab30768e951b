using System.Net;
using System.Text.Json;
using ThiDua.Domain;

namespace ThiDua.Api.Tests;

/// <summary>
/// The status names, at every moment, the units that have not acted in the phase the year is in: read
/// right after each act, with no waiting for the workflow to catch up.
/// </summary>
[Collection(WholeCycleTests.Name)]
public sealed class StatusTests(WholeCycleFixture fixture)
{
    private const string Bloc = "status-truth";
    private const string Campaign = "/api/blocs/status-truth/campaigns/2027";

    [Fact]
    [Trait("Speed", "Slow")] // waits out real cycle deadlines on the in-process host
    public async Task Pending_lists_who_has_not_signed_submitted_or_voted_right_after_each_act()
    {
        await World.CreateBlocAsync(fixture, Bloc);
        var admin = await fixture.AdminAsync();
        // Scoring closes at its deadline whatever is submitted: the rest closes early once everyone acted.
        await World.LaunchInSecondsAsync(admin, Campaign, "00:00:10", "00:00:15");
        var members = World.Units;
        await World.EventuallyAsync(async () => (await StatusAsync(admin)).Phase == "signing", "the cycle collects signatures");
        Assert.Equal(("signing", Units(members)), await StatusAsync(admin));
        var signingDeadline = (await fixture.Campaigns.GetAsync(Bloc, 2027))!.Schedule.SigningDeadline;
        Assert.Equal(signingDeadline, (await admin.FetchAsync($"{Campaign}/status")).Json.GetProperty("deadline").GetDateTimeOffset());

        // Signing: the compact's signatures.
        var compact = CompactDocument.CanonicalBytes((await fixture.Campaigns.GetAsync(Bloc, 2027))!);
        for (var i = 0; i < members.Length; i++)
        {
            var unit = await fixture.UnitAsync(Bloc, members[i]);
            var signed = await unit.PutBytesAsync($"{Campaign}/signatures/{members[i]}", World.Sign(compact, World.Certificate(members[i])), "application/pkcs7-signature");
            Assert.Equal(HttpStatusCode.Created, signed.Status);
            if (i < members.Length - 1)
            {
                Assert.Equal(("signing", Units(members[(i + 1)..])), await StatusAsync(admin));
            }
        }

        // Scoring: the self-assessments (so-noi-vu first, so that the vote below has a clear leader).
        await World.EventuallyAsync(async () => (await StatusAsync(admin)).Phase == "scoring", "scoring opens once everyone signed");
        Assert.Equal(("scoring", Units(members)), await StatusAsync(admin));
        for (var i = 0; i < members.Length; i++)
        {
            var unit = await fixture.UnitAsync(Bloc, members[i]);
            var submitted = await unit.PostJsonAsync($"{Campaign}/scores/{members[i]}", World.Submission(Bloc, 2027, members[i], "status-1", 60 - (10 * i)));
            Assert.Equal(HttpStatusCode.Created, submitted.Status);
            Assert.Equal(("scoring", Units(members[(i + 1)..])), await StatusAsync(admin));
        }

        // Review closes early; then the leading-unit vote.
        await World.EventuallyAsync(async () => (await StatusAsync(admin)).Phase == "review", "review opens at the scoring deadline");
        var leader = await fixture.UnitAsync(Bloc, "so-noi-vu");
        Assert.Equal(HttpStatusCode.Accepted, (await leader.PostJsonAsync($"{Campaign}/review/close", new { })).Status);
        await World.EventuallyAsync(
            async () => (await admin.FetchAsync($"{Campaign}/status")).Json.GetProperty("round").ValueKind == JsonValueKind.Number,
            "the first leading-unit round opens");
        Assert.Equal(("votingLeadingUnit", Units(members)), await StatusAsync(admin));
        for (var i = 0; i < members.Length - 1; i++)
        {
            var voter = await fixture.UnitAsync(Bloc, members[i]);
            var cast = await voter.PostJsonAsync($"{Campaign}/votes/leading-unit/ballots", new { choice = "so-noi-vu" });
            Assert.Equal(HttpStatusCode.Created, cast.Status);
            var status = (await admin.FetchAsync($"{Campaign}/status")).Json;
            Assert.Equal(1, status.GetProperty("round").GetInt32());
            Assert.Equal(("votingLeadingUnit", Units(members[(i + 1)..])), Read(status));
        }
    }

    /// <summary>Units as the assertions compare them: in ordinal order, comma-separated.</summary>
    private static string Units(IEnumerable<string> unitIds) => string.Join(",", unitIds.Order(StringComparer.Ordinal));

    private static async Task<(string? Phase, string Pending)> StatusAsync(HttpClient client)
    {
        var reply = await client.FetchAsync($"{Campaign}/status");
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        return Read(reply.Json);
    }

    private static (string? Phase, string Pending) Read(JsonElement status) =>
        (status.GetProperty("phase").GetString(), Units(status.GetProperty("pending").EnumerateArray().Select(p => p.GetString()!)));
}
