using System.Net;
using System.Security.Cryptography;
using System.Text;
using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Tests;

[Collection(ApiTests.Name)]
public sealed class LaunchAndSigningTests(ApiFixture fixture)
{
    [Fact]
    public async Task Launch_stores_the_campaign_and_its_compact_once_and_starts_the_cycle_waiting_for_signatures()
    {
        var (_, launched) = await World.LaunchAsync(fixture, "launch-ok", 2027);

        var campaign = await fixture.Campaigns.GetAsync("launch-ok", 2027);
        Assert.NotNull(campaign);
        Assert.Equal("so-noi-vu", campaign.LeaderUnitId);
        Assert.Equal(World.Units.Order(StringComparer.Ordinal), campaign.Members.Select(m => m.UnitId).Order(StringComparer.Ordinal));

        var member = await fixture.UnitAsync("launch-ok", "so-tu-phap");
        var compact = await member.FetchAsync("/api/blocs/launch-ok/campaigns/2027/compact");
        Assert.Equal(HttpStatusCode.OK, compact.Status);
        Assert.Equal(CompactDocument.CanonicalBytes(campaign), Encoding.UTF8.GetBytes(compact.Body));
        Assert.Equal(Hashing.Sha256Hex(CompactDocument.CanonicalBytes(campaign)), launched.GetProperty("compactSha256").GetString());
        var html = await member.FetchAsync("/api/blocs/launch-ok/campaigns/2027/compact.html");
        Assert.Equal("text/html", html.ContentType);
        Assert.Contains("GIAO ƯỚC THI ĐUA NĂM 2027", html.Body, StringComparison.Ordinal);
        Assert.Contains(launched.GetProperty("compactSha256").GetString()!, html.Body, StringComparison.Ordinal);

        Assert.Equal(CycleIds.Cycle(new CampaignKey("launch-ok", 2027)), launched.GetProperty("instanceId").GetString());
        await World.EventuallyAsync(async () =>
        {
            var status = (await member.FetchAsync("/api/blocs/launch-ok/campaigns/2027/status")).Json;
            return status.GetProperty("phase").GetString() == "signing" && status.GetProperty("pending").GetArrayLength() == 3;
        }, "the cycle is collecting signatures from all three units");
    }

    [Fact]
    [Trait("Speed", "Slow")] // waits out real cycle deadlines on the in-process host
    public async Task A_launch_after_the_years_cycle_ended_not_launched_starts_the_cycle_again()
    {
        // A host started after the launch date plus the wait: the year's cycle ends as not launched at once.
        await World.CreateBlocAsync(fixture, "launch-late");
        var admin = await fixture.AdminAsync();
        const string status = "/api/blocs/launch-late/campaigns/2027/status";
        var started = await admin.PostJsonAsync("/api/blocs/launch-late/cycles/2027", new { launchDeadline = DateTimeOffset.UtcNow.AddSeconds(1) });
        Assert.Equal(HttpStatusCode.Created, started.Status);
        await World.EventuallyAsync(
            async () => (await admin.FetchAsync(status)).Json is var s
                && s.GetProperty("runtimeStatus").GetString() == "Completed" && s.GetProperty("phase").GetString() == "notLaunched",
            "the cycle ends as not launched");

        var launched = await admin.PostJsonAsync("/api/blocs/launch-late/campaigns/2027/launch", World.LaunchBody(World.Schedule(DateTimeOffset.UtcNow)));

        Assert.True(launched.Status == HttpStatusCode.Created, launched.Body);
        await World.EventuallyAsync(
            async () => (await admin.FetchAsync(status)).Json is var s
                && s.GetProperty("runtimeStatus").GetString() == "Running" && s.GetProperty("phase").GetString() == "signing"
                && s.GetProperty("pending").GetArrayLength() == World.Units.Length,
            "the launched year's cycle collects signatures");
    }

    [Fact]
    public async Task Only_the_years_leader_or_an_admin_launches_and_a_refused_launch_stores_nothing()
    {
        await World.CreateBlocAsync(fixture, "launch-leader");
        var now = DateTimeOffset.UtcNow;
        var body = World.LaunchBody(World.Schedule(now), leader: null);

        // No previous year: nobody but council staff knows who leads.
        (await (await fixture.UnitAsync("launch-leader", "so-noi-vu")).PostJsonAsync("/api/blocs/launch-leader/campaigns/2027/launch", body)).Problem(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().PostJsonAsync("/api/blocs/launch-leader/campaigns/2027/launch", body)).Problem(HttpStatusCode.Unauthorized);

        // The previous year elected so-tu-phap: it launches, another member may not.
        await fixture.Results.SaveYearResultAsync(new ThiDua.Storage.YearResult
        {
            BlocId = "launch-leader",
            Year = 2026,
            Proposals = [],
            NextLeadership = new LeaderChoice("so-tu-phap", "cong-an-tinh"),
            DecidedAt = now,
        });
        (await (await fixture.UnitAsync("launch-leader", "so-noi-vu")).PostJsonAsync("/api/blocs/launch-leader/campaigns/2027/launch", body)).Problem(HttpStatusCode.Forbidden);
        (await (await fixture.UnitAsync("other-bloc", "so-tu-phap")).PostJsonAsync("/api/blocs/launch-leader/campaigns/2027/launch", body)).Problem(HttpStatusCode.Forbidden);
        Assert.Null(await fixture.Campaigns.GetAsync("launch-leader", 2027));
        Assert.Null(await fixture.Workflows.GetInstanceAsync(CycleIds.Cycle(new CampaignKey("launch-leader", 2027))));

        var launched = await (await fixture.UnitAsync("launch-leader", "so-tu-phap")).PostJsonAsync("/api/blocs/launch-leader/campaigns/2027/launch", body);
        Assert.Equal(HttpStatusCode.Created, launched.Status);
        Assert.Equal("cong-an-tinh", launched.Json.GetProperty("deputyUnitId").GetString());
        Assert.Equal("so-tu-phap", (await fixture.Campaigns.GetAsync("launch-leader", 2027))!.LeaderUnitId);
    }

    [Fact]
    public async Task A_retried_launch_is_accepted_and_a_different_second_launch_is_refused()
    {
        await World.CreateBlocAsync(fixture, "launch-twice");
        var admin = await fixture.AdminAsync();
        var now = DateTimeOffset.UtcNow;
        var body = World.LaunchBody(World.Schedule(now));

        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/blocs/launch-twice/campaigns/2027/launch", body)).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/api/blocs/launch-twice/campaigns/2027/launch", body)).Status);
        var other = World.LaunchBody(World.Schedule(now.AddHours(1)));
        (await admin.PostJsonAsync("/api/blocs/launch-twice/campaigns/2027/launch", other)).Problem(HttpStatusCode.Conflict);

        Assert.Equal(now.AddDays(1), (await fixture.Campaigns.GetAsync("launch-twice", 2027))!.Schedule.SigningDeadline);
    }

    [Fact]
    public async Task A_launch_breaking_the_domain_rules_names_the_field_and_stores_nothing()
    {
        await World.CreateBlocAsync(fixture, "launch-invalid");
        var now = DateTimeOffset.UtcNow;
        var reply = await (await fixture.AdminAsync()).PostJsonAsync("/api/blocs/launch-invalid/campaigns/2027/launch", new
        {
            criteria = new { scale = 100, criteria = new[] { new { id = "1-1", title = "Chuyên môn", maxPoints = 70 } } },
            schedule = World.Schedule(now),
            leaderUnitId = "so-noi-vu",
        });

        Assert.Contains("criteria.criteria", reply.Problem(HttpStatusCode.BadRequest));
        Assert.Null(await fixture.Campaigns.GetAsync("launch-invalid", 2027));
    }

    [Fact]
    public async Task A_unit_signs_for_itself_once_with_its_registered_certificate()
    {
        var (_, launched) = await World.LaunchAsync(fixture, "sign-ok", 2027);
        var compact = CompactDocument.CanonicalBytes((await fixture.Campaigns.GetAsync("sign-ok", 2027))!);
        var unit = await fixture.UnitAsync("sign-ok", "so-tu-phap");
        await World.EventuallyAsync(
            async () => (await unit.FetchAsync("/api/blocs/sign-ok/campaigns/2027/status")).Json.GetProperty("phase").GetString() == "signing",
            "the cycle collects signatures");
        var signature = World.Sign(compact, World.Certificate("so-tu-phap"));

        var signed = await unit.PutBytesAsync("/api/blocs/sign-ok/campaigns/2027/signatures/so-tu-phap", signature, "application/pkcs7-signature");
        Assert.Equal(HttpStatusCode.Created, signed.Status);
        Assert.Equal(Hashing.Sha256Hex(signature), signed.Json.GetProperty("signatureSha256").GetString());
        Assert.Equal(HttpStatusCode.OK, (await unit.PutBytesAsync("/api/blocs/sign-ok/campaigns/2027/signatures/so-tu-phap", signature, "application/pkcs7-signature")).Status);

        var second = World.Sign(compact, World.Certificate("so-tu-phap"));
        (await unit.PutBytesAsync("/api/blocs/sign-ok/campaigns/2027/signatures/so-tu-phap", second, "application/pkcs7-signature")).Problem(HttpStatusCode.Conflict);
        Assert.Equal(Hashing.Sha256Hex(signature), (await fixture.Signatures.GetAsync("sign-ok", 2027, "so-tu-phap"))!.SignatureSha256);

        // Only the last signature wakes the workflow; the status reads who is pending from storage at once.
        var status = (await unit.FetchAsync("/api/blocs/sign-ok/campaigns/2027/status")).Json;
        Assert.Equal(["cong-an-tinh", "so-noi-vu"], status.GetProperty("pending").EnumerateArray().Select(p => p.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(launched.GetProperty("instanceId").GetString(), status.GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task Signatures_for_another_unit_by_another_key_or_of_other_bytes_are_refused_and_nothing_is_recorded()
    {
        await World.LaunchAsync(fixture, "sign-refused", 2027);
        var compact = CompactDocument.CanonicalBytes((await fixture.Campaigns.GetAsync("sign-refused", 2027))!);
        var path = "/api/blocs/sign-refused/campaigns/2027/signatures/so-tu-phap";

        var byOther = await fixture.UnitAsync("sign-refused", "cong-an-tinh");
        (await byOther.PutBytesAsync(path, World.Sign(compact, World.Certificate("cong-an-tinh")), "application/pkcs7-signature")).Problem(HttpStatusCode.Forbidden);
        var outsider = await fixture.UnitAsync("other-bloc", "so-tu-phap");
        (await outsider.PutBytesAsync(path, World.Sign(compact, World.Certificate("so-tu-phap")), "application/pkcs7-signature")).Problem(HttpStatusCode.Forbidden);

        var self = await fixture.UnitAsync("sign-refused", "so-tu-phap");
        var wrongKey = await self.PutBytesAsync(path, World.Sign(compact, World.Certificate("stranger")), "application/pkcs7-signature");
        Assert.Contains("signature", wrongKey.Problem(HttpStatusCode.UnprocessableEntity));
        var otherBytes = await self.PutBytesAsync(path, World.Sign([.. compact, (byte)' '], World.Certificate("so-tu-phap")), "application/pkcs7-signature");
        Assert.Contains("signature", otherBytes.Problem(HttpStatusCode.UnprocessableEntity));
        var garbage = await self.PutBytesAsync(path, RandomNumberGenerator.GetBytes(300), "application/pkcs7-signature");
        Assert.Contains("signature", garbage.Problem(HttpStatusCode.UnprocessableEntity));
        (await self.PutBytesAsync(path, World.Sign(compact, World.Certificate("so-tu-phap")), "application/json")).Problem(HttpStatusCode.UnsupportedMediaType);

        Assert.Empty(await fixture.Signatures.ListAsync("sign-refused", 2027));
    }

    [Fact]
    public async Task Every_write_to_an_archived_year_is_refused()
    {
        await World.LaunchAsync(fixture, "archived", 2027);
        await fixture.Campaigns.AdvanceAsync("archived", 2027, CampaignPhase.Archived, DateTimeOffset.UtcNow);
        var compact = CompactDocument.CanonicalBytes((await fixture.Campaigns.GetAsync("archived", 2027))!);
        var admin = await fixture.AdminAsync();
        var leader = await fixture.UnitAsync("archived", "so-noi-vu");

        (await admin.PostJsonAsync("/api/blocs/archived/campaigns/2027/launch", World.LaunchBody(World.Schedule(DateTimeOffset.UtcNow)))).Problem(HttpStatusCode.Conflict);
        (await leader.PutBytesAsync("/api/blocs/archived/campaigns/2027/signatures/so-noi-vu", World.Sign(compact, World.Certificate("so-noi-vu")), "application/pkcs7-signature")).Problem(HttpStatusCode.Conflict);
        (await leader.PostJsonAsync("/api/blocs/archived/campaigns/2027/adjustments", new { clientRequestId = "a1", unitId = "so-tu-phap", criterionId = "1-1", newPoints = 10, reason = "Sai số liệu" })).Problem(HttpStatusCode.Conflict);
        (await leader.PostJsonAsync("/api/blocs/archived/campaigns/2027/review/close", new { })).Problem(HttpStatusCode.Conflict);
        (await admin.PostJsonAsync("/api/blocs/archived/cycles/2027", new { })).Problem(HttpStatusCode.Conflict);

        Assert.Empty(await fixture.Signatures.ListAsync("archived", 2027));
        Assert.Empty(await fixture.Adjustments.ListAdjustmentsAsync("archived", 2027));
    }
}
