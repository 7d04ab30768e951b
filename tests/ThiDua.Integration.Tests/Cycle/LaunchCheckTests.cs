using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Domain;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.Workflows.Automation;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Integration.Tests.Cycle;

/// <summary>The yearly automation: every active bloc whose launch date has come gets this year's cycle, once.</summary>
[Collection(AzuriteTestGroup.Name)]
[Trait("Speed", "Slow")]
public sealed class LaunchCheckTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Hosted_check_starts_the_cycle_of_an_active_bloc_once_and_skips_an_inactive_one()
    {
        var scope = azurite.CreateScope(nameof(LaunchCheckTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var host = await CycleHosts.StartAsync(scope, state.Path, "launch-check-worker", launchCheckInterval: TimeSpan.FromMilliseconds(500));
        var token = await host.Services.GetRequiredService<ITokenStore>().IssueAsync(Caller.Admin, TimeSpan.FromHours(1));
        using var admin = new ApiClient(host.Urls[0], token.Token);
        foreach (var (blocId, active) in new[] { ("tu-dong", true), ("ngung-hoat-dong", false) })
        {
            await admin.PutAsync<Bloc>(
                $"api/blocs/{blocId}",
                new BlocRequest { Name = "Khối thử nghiệm", MemberUnitIds = ["don-vi-a"], Active = active, LaunchMonth = 1, LaunchDay = 1 },
                timeout.Token);
        }

        var year = VietnamTime.DateOf(DateTimeOffset.UtcNow).Year;
        var started = CycleIds.Cycle(new CampaignKey("tu-dong", year));
        while (await host.Client.GetInstanceAsync(started, timeout.Token) is null)
        {
            await Task.Delay(200, timeout.Token);
        }

        var again = await host.Services.GetRequiredService<CycleLaunchCheck>().RunAsync(host.Client, timeout.Token);

        var outcome = Assert.Single(again);
        Assert.Equal(("tu-dong", year, started, false), (outcome.BlocId, outcome.Year, outcome.InstanceId, outcome.Started));
        Assert.Null(await host.Client.GetInstanceAsync(CycleIds.Cycle(new CampaignKey("ngung-hoat-dong", year)), timeout.Token));
    }
}
