using System.Net;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Storage;
using ThiDua.Workflows.Activities;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Tests;

/// <summary>
/// The verification of an archived year: who may read it and run it again, when, the result kept with its time, and
/// what a re-run answers once the archive is tampered with.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class VerificationTests(ApiFixture fixture)
{
    [Fact]
    public async Task The_bloc_reads_the_checks_of_its_archived_year_and_tampering_is_a_finding_not_an_error()
    {
        await World.LaunchAsync(fixture, "verified", 2027);
        var member = await fixture.UnitAsync("verified", "cong-an-tinh");
        const string path = "/api/blocs/verified/campaigns/2027/verification";
        Assert.Equal("not-archived", (await member.FetchAsync(path)).Json.GetProperty("code").GetString());
        (await member.FetchAsync(path)).Problem(HttpStatusCode.Conflict);
        (await member.FetchAsync("/api/blocs/verified/campaigns/2030/verification")).Problem(HttpStatusCode.NotFound);

        var archive = ActivatorUtilities.CreateInstance<ArchiveYear>(fixture.Services);
        await archive.RunAsync(new Context(), new CampaignKey("verified", 2027));

        var reply = await member.FetchAsync(path);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var checks = reply.Json.GetProperty("checks").EnumerateArray().ToList();
        var manifest = checks.Single(c => c.GetProperty("subject").GetString() == "manifest");
        Assert.True(manifest.GetProperty("holds").GetBoolean());
        Assert.StartsWith("Bản kê lưu trữ", manifest.GetProperty("description").GetString(), StringComparison.Ordinal);

        // A year archived before it was sealed and ranked lacks those records, and the check says which.
        var completeness = checks.Single(c => c.GetProperty("subject").GetString() == "completeness");
        Assert.Contains("seal", completeness.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.False(reply.Json.GetProperty("holds").GetBoolean());

        var campaign = new Azure.Storage.Blobs.BlobServiceClient(fixture.StorageOptions.ConnectionString)
            .GetBlobContainerClient(fixture.StorageOptions.ContainerPrefix + "-" + DocumentContainers.Archives)
            .GetBlobClient("verified/2027/campaign.json");
        await campaign.UploadAsync(new BinaryData("{\"tampered\":true}"), overwrite: true);

        // The kept result is shown until someone asks for the checks to run again; that re-run finds the change.
        var kept = await (await fixture.AdminAsync()).FetchAsync(path + "?lang=en");
        Assert.Equal(reply.Json.GetProperty("checkedAt").GetDateTimeOffset(), kept.Json.GetProperty("checkedAt").GetDateTimeOffset());
        Assert.DoesNotContain(kept.Json.GetProperty("checks").EnumerateArray(), c => c.GetProperty("problem").GetString()?.Contains("changed", StringComparison.Ordinal) == true);
        Assert.StartsWith("Archive manifest", kept.Json.GetProperty("checks")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        (await member.PostJsonAsync(path, new { })).Problem(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().PostJsonAsync(path, new { })).Problem(HttpStatusCode.Unauthorized);

        var before = await StorageSnapshot.TakeAsync(fixture);
        var tampered = await (await fixture.AdminAsync()).SendTextAsync(HttpMethod.Post, path + "?lang=en");
        Assert.Equal(HttpStatusCode.OK, tampered.Status);

        // The new result replaces the kept one, outside the archive, which the run only reads.
        Assert.Equal([$"~ {fixture.StorageOptions.TablePrefix}Verifications/2027/verified"], (await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));
        Assert.True(tampered.Json.GetProperty("checkedAt").GetDateTimeOffset() > reply.Json.GetProperty("checkedAt").GetDateTimeOffset());
        var again = await member.FetchAsync(path);
        Assert.Equal(tampered.Json.GetProperty("checkedAt").GetDateTimeOffset(), again.Json.GetProperty("checkedAt").GetDateTimeOffset());
        Assert.Contains(again.Json.GetProperty("checks").EnumerateArray(), c => c.GetProperty("problem").GetString()?.EndsWith("(nội dung đã bị thay đổi)", StringComparison.Ordinal) == true);
        var changed = tampered.Json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("subject").GetString() == "artifact:archives/verified/2027/campaign.json");
        Assert.False(changed.GetProperty("holds").GetBoolean());
        Assert.EndsWith("(the content was changed)", changed.GetProperty("problem").GetString(), StringComparison.Ordinal);
        (await (await fixture.UnitAsync("other-bloc", "so-tu-phap")).FetchAsync(path)).Problem(HttpStatusCode.Forbidden);
    }

    private sealed class Context : TaskActivityContext
    {
        public override TaskName Name { get; } = nameof(ArchiveYear);

        public override string InstanceId { get; } = "verification-test";
    }
}
