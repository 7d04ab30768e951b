using System.Net;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Domain;
using ThiDua.Spreadsheets;
using ThiDua.Storage;
using ThiDua.Workflows;
using ThiDua.Workflows.Activities;
using ThiDua.Workflows.Cycle;
using Xunit.Abstractions;

namespace ThiDua.Api.Tests;

/// <summary>The province's overview of a year for council staff, its summary download's content, and the rule catalog.</summary>
[Collection(ApiTests.Name)]
public sealed class ProvinceTests(ApiFixture fixture, ITestOutputHelper output)
{
    private const int Year = 2027;

    [Fact]
    public async Task The_overview_shows_a_launched_bloc_a_bloc_without_a_cycle_and_an_archived_year_with_its_kept_verification()
    {
        var (now, _) = await World.LaunchAsync(fixture, "prov-running", Year);
        await World.CreateBlocAsync(fixture, "prov-idle");
        await World.LaunchAsync(fixture, "prov-archived", Year);
        var archive = ActivatorUtilities.CreateInstance<ArchiveYear>(fixture.Services);
        await archive.RunAsync(new Context(), new CampaignKey("prov-archived", Year));
        var admin = await fixture.AdminAsync();
        await World.EventuallyAsync(async () => Bloc(await admin.FetchAsync($"/api/province/{Year}"), "prov-running").GetProperty("phase").GetString() == "signing", "the running bloc is signing");

        var reply = await admin.FetchAsync($"/api/province/{Year}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(Year, reply.Json.GetProperty("year").GetInt32());
        var running = Bloc(reply, "prov-running");
        Assert.Equal(("Nội chính", true, "Ký giao ước thi đua", 3), (running.GetProperty("name").GetString(), running.GetProperty("active").GetBoolean(), running.GetProperty("phaseText").GetString(), running.GetProperty("members").GetInt32()));
        Assert.Equal("Hạn ký giao ước", running.GetProperty("nextDeadlineLabel").GetString());
        Assert.Equal(now.AddDays(1), running.GetProperty("nextDeadline").GetDateTimeOffset());
        Assert.EndsWith("(giờ Việt Nam)", running.GetProperty("nextDeadlineVietnam").GetString(), StringComparison.Ordinal);
        Assert.Equal(World.Units.Select(u => $"Đơn vị {u}"), running.GetProperty("pendingUnits").EnumerateArray().Select(u => u.GetProperty("name").GetString()));
        Assert.Empty(running.GetProperty("lateUnits").EnumerateArray());
        Assert.False(running.GetProperty("archived").GetBoolean());
        Assert.Equal(JsonValueKind.Null, running.GetProperty("verification").ValueKind);
        var status = await admin.FetchAsync($"/api/blocs/prov-running/campaigns/{Year}/status");
        Assert.Equal(status.Json.GetProperty("workflowVersion").ToString(), running.GetProperty("workflowVersion").ToString());

        var idle = Bloc(reply, "prov-idle");
        Assert.Equal(("not-started", "Chưa bắt đầu năm thi đua", 3), (idle.GetProperty("phase").GetString(), idle.GetProperty("phaseText").GetString(), idle.GetProperty("members").GetInt32()));
        Assert.Equal(JsonValueKind.Null, idle.GetProperty("nextDeadline").ValueKind);
        Assert.Empty(idle.GetProperty("pendingUnits").EnumerateArray());

        // The overview never verifies an archive: the archived year shows no result until one is kept.
        var archived = Bloc(reply, "prov-archived");
        Assert.True(archived.GetProperty("archived").GetBoolean());
        Assert.Equal(JsonValueKind.Null, archived.GetProperty("verification").ValueKind);
        Assert.Empty(archived.GetProperty("lateUnits").EnumerateArray());
        var verified = await admin.FetchAsync($"/api/blocs/prov-archived/campaigns/{Year}/verification");
        var summary = Bloc(await admin.FetchAsync($"/api/province/{Year}?lang=en"), "prov-archived").GetProperty("verification");
        Assert.Equal(verified.Json.GetProperty("holds").GetBoolean(), summary.GetProperty("passed").GetBoolean());
        Assert.Equal(verified.Json.GetProperty("checks").GetArrayLength(), summary.GetProperty("checks").GetInt32());
        Assert.Equal(verified.Json.GetProperty("checks").EnumerateArray().Count(c => !c.GetProperty("holds").GetBoolean()), summary.GetProperty("failures").GetInt32());
        Assert.Equal(verified.Json.GetProperty("checkedAt").GetDateTimeOffset(), summary.GetProperty("checkedAt").GetDateTimeOffset());

        // Past the signing deadline, whoever has not signed is late.
        try
        {
            fixture.Clock.SetNow(now.AddDays(1).AddHours(1));
            var late = Bloc(await admin.FetchAsync($"/api/province/{Year}?lang=en"), "prov-running");
            Assert.Equal(World.Units, late.GetProperty("lateUnits").EnumerateArray().Select(u => u.GetProperty("unitId").GetString()));
            Assert.Equal("Signing deadline", late.GetProperty("nextDeadlineLabel").GetString());
        }
        finally
        {
            fixture.Clock.Offset = TimeSpan.Zero;
        }

        // The summary download holds one line per bloc with what the overview shows, in the language asked.
        var province = JsonSerializer.Deserialize<ProvinceYear>(reply.Body, Http.ApiJson.Options)!;
        using var download = await admin.GetAsync($"/api/province/{Year}/summary.xlsx");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(XlsxFile.MediaType, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"tong-hop-khoi-thi-dua-{Year}.xlsx", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        var sheet = DocumentText.OfXlsx(await download.Content.ReadAsByteArrayAsync());
        Assert.Equal($"Tổng hợp các khối thi đua năm {Year}", Assert.Single(sheet[0]));
        Assert.Equal(["Khối thi đua", "Giai đoạn", "Thời hạn tiếp theo (giờ Việt Nam)", "Số đơn vị thành viên", "Đơn vị chưa thực hiện", "Đơn vị trễ hạn", "Đơn vị dẫn đầu", "Trưởng khối năm sau", "Đã lưu trữ", "Kiểm tra hồ sơ lưu trữ"], sheet[1]);
        var lines = sheet.Skip(2).ToList();
        Assert.Equal(province.Blocs.Count, lines.Count);
        var line = lines[province.Blocs.ToList().FindIndex(b => b.BlocId == "prov-running")];
        Assert.Equal("Ký giao ước thi đua", line[1]);
        Assert.StartsWith("Hạn ký giao ước: ", line[2], StringComparison.Ordinal);
        Assert.Equal("3", line[3]);
        Assert.Equal("Đơn vị so-noi-vu, Đơn vị so-tu-phap, Đơn vị cong-an-tinh", line[4]);
        using var english = await admin.GetAsync($"/api/province/{Year}/summary.xlsx?lang=en");
        var englishLines = DocumentText.OfXlsx(await english.Content.ReadAsByteArrayAsync()).Skip(2).ToList();
        var failing = summary.GetProperty("failures").GetInt32();
        Assert.StartsWith($"Does not hold: {failing} of {summary.GetProperty("checks").GetInt32()} checks fail (", englishLines[province.Blocs.ToList().FindIndex(b => b.BlocId == "prov-archived")][9], StringComparison.Ordinal);
        var unit = await fixture.UnitAsync("prov-running", "so-noi-vu");
        (await unit.FetchAsync($"/api/province/{Year}/summary.xlsx")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task One_overview_reads_storage_a_bounded_number_of_times_per_bloc_and_never_the_archive()
    {
        await World.LaunchAsync(fixture, "prov-reads-a", Year);
        await World.CreateBlocAsync(fixture, "prov-reads-b");
        await World.LaunchAsync(fixture, "prov-reads-c", Year);
        await ActivatorUtilities.CreateInstance<ArchiveYear>(fixture.Services).RunAsync(new Context(), new CampaignKey("prov-reads-c", Year));

        var counter = new RequestCounter();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var services = new ServiceCollection()
            .AddSingleton(new ThiDuaStorageOptions
            {
                TablePrefix = fixture.StorageOptions.TablePrefix,
                ContainerPrefix = fixture.StorageOptions.ContainerPrefix,
                ConnectionString = fixture.StorageOptions.ConnectionString,
                TableServiceClient = new TableServiceClient(fixture.StorageOptions.ConnectionString, tableOptions),
                BlobServiceClient = new BlobServiceClient(fixture.StorageOptions.ConnectionString, blobOptions),
            })
            .AddSingleton<TimeProvider>(fixture.Clock)
            .AddThiDuaStores()
            .AddSingleton<ProvinceOverview>()
            .BuildServiceProvider();
        var overview = services.GetRequiredService<ProvinceOverview>();
        var blocs = (await fixture.Blocs.ListBlocsAsync(activeOnly: false)).Count;

        counter.Reset();
        var province = await overview.ReadAsync(fixture.Workflows, Year, Localizer.Vietnamese);

        output.WriteLine($"{counter.Count} storage requests ({string.Join(", ", counter.Paths.Select(p => p.Split('(')[0]).GroupBy(p => p).Select(g => $"{g.Key} ×{g.Count()}"))}) for {blocs} blocs");
        // One query of the blocs and one of the kept verifications, then per bloc at most its campaign, its state, the list
        // the phase waits on, its result and the two lists of late units (the cycles' status is the durable client's).
        Assert.Equal(blocs, province.Blocs.Count);
        Assert.InRange(counter.Count, blocs, 2 + (6 * blocs));
        Assert.DoesNotContain(counter.Paths, p => p.Contains(DocumentContainers.Archives, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_council_staff_read_the_province_and_every_signed_in_caller_reads_the_rule_catalog()
    {
        await World.CreateBlocAsync(fixture, "prov-access");
        var unit = await fixture.UnitAsync("prov-access", "so-tu-phap");

        (await fixture.Anonymous().FetchAsync($"/api/province/{Year}")).Problem(HttpStatusCode.Unauthorized);
        (await unit.FetchAsync($"/api/province/{Year}")).Problem(HttpStatusCode.Forbidden);
        Assert.Contains("year", (await (await fixture.AdminAsync()).FetchAsync("/api/province/20x7")).Problem(HttpStatusCode.BadRequest));
        (await fixture.Anonymous().FetchAsync("/api/rules")).Problem(HttpStatusCode.Unauthorized);

        var rules = await unit.FetchAsync("/api/rules");
        Assert.Equal(HttpStatusCode.OK, rules.Status);
        var quorum = rules.Json.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("path").GetString() == "voting.quorum");
        Assert.Equal(2, quorum.GetProperty("default").GetProperty("numerator").GetInt32());
        Assert.StartsWith("Phần đơn vị", quorum.GetProperty("explanation").GetProperty("vietnamese").GetString(), StringComparison.Ordinal);
        var leader = rules.Json.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("path").GetString() == "leaderElection");
        Assert.Equal(["rotation", "vote"], leader.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
        Assert.Equal("Secret ballot", leader.GetProperty("values")[1].GetProperty("label").GetProperty("english").GetString());
    }

    private static JsonElement Bloc(Reply reply, string blocId) =>
        reply.Json.GetProperty("blocs").EnumerateArray().Single(b => b.GetProperty("blocId").GetString() == blocId);

    private sealed class Context : TaskActivityContext
    {
        public override TaskName Name { get; } = nameof(ArchiveYear);

        public override string InstanceId { get; } = "province-test";
    }

    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _paths = new();

        public int Count => _paths.Count;

        public IReadOnlyCollection<string> Paths => _paths;

        public void Reset() => _paths.Clear();

        public override void OnSendingRequest(HttpMessage message) => _paths.Enqueue(message.Request.Method + " " + message.Request.Uri.Path);
    }
}
