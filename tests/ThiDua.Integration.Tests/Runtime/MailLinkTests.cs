using MimeKit;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;
using ThiDua.Storage;
using static ThiDua.Cli.Demo.NoiChinhBloc;
using static ThiDua.Integration.Tests.Infrastructure.DemoYearOverHttp;

namespace ThiDua.Integration.Tests.Runtime;

/// <summary>Mail sent by <c>thidua host --urls</c> links to the portal where that host listens, not to the default port.</summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class MailLinkTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_confirmation_links_to_the_port_the_host_listens_on()
    {
        var scope = azurite.CreateScope(nameof(MailLinkTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var store = new TokenStore(new ThiDuaStorageOptions { ConnectionString = scope.ConnectionString, TablePrefix = scope.Prefix });
        await store.InitializeAsync(ct);
        var tokens = await IssueTokensAsync(store, ct);

        // A free port, never the default 5080; no ThiDua__PortalBaseUrl.
        await using var host = await AdminHost.StartAsync(scope.HostEnvironment("mail-link-worker", state.Path), ct);
        Assert.NotEqual(5080, host.BaseAddress.Port);
        using var admin = new ApiClient(host.BaseAddress, tokens["admin"]);
        await Seeder.SeedAsync(admin, LocalState.At(state.Path), BlocId, [], ct);
        await admin.PostAsync<LaunchResponse>(CampaignPath("launch"), DemoLaunch with { Durations = CycleHosts.ShortYear with { Signing = TimeSpan.FromMinutes(2) } }, ct);

        var (unitId, lines) = DemoScenario.Submissions[0];
        using var unit = admin.As(tokens[unitId]);
        await unit.PostAsync<ScoreSheet>(
            CampaignPath($"scores/{unitId}"), new ScoreSubmission { BlocId = BlocId, Year = Year, UnitId = unitId, ClientRequestId = "link-v1", Lines = lines }, ct);
        var outbox = Path.Combine(state.Path, "outbox");
        var to = CycleHosts.Addresses(unitId);
        await WaitForMailAsync(outbox, to, count: 1, ct);

        var mail = Assert.Single(await MailOutbox.ReadAsync(outbox, ct), m => m.Recipients.Any(to.Contains));
        using var message = await MimeMessage.LoadAsync(mail.File, ct);
        var expected = $"{host.BaseAddress.GetLeftPart(UriPartial.Authority)}/#/blocs/{BlocId}/{Year}/units/{unitId}/scores";
        Assert.Contains(expected, message.TextBody, StringComparison.Ordinal);
    }
}
