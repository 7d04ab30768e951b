using Microsoft.Extensions.Options;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;

namespace ThiDua.Integration.Tests.Runtime;

/// <summary>An invalid setting stops the local host when it starts, with a message naming the setting.</summary>
[Collection(AzuriteTestGroup.Name)]
public sealed class LocalHostSettingsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("ThiDua:PartitionCount", "0")]
    [InlineData("ThiDua:PartitionLeaseInterval", "00:00:01")]
    [InlineData("ThiDua:LaunchCheckInterval", "-00:01:00")]
    [InlineData("TaskHubName", "x")]
    public async Task An_invalid_host_setting_fails_before_anything_starts(string key, string value)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => LocalHostApp.CreateAsync([$"--{key}={value}"]));

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ThiDua:Api:TokenCacheDuration", "-00:00:01")]
    [InlineData("ThiDua:MailQueue:PollInterval", "00:00:00")]
    [InlineData("ThiDua:LaunchWait", "-1.00:00:00")]
    public async Task An_invalid_shared_setting_fails_the_start(string key, string value)
    {
        var scope = azurite.CreateScope(nameof(LocalHostSettingsTests));
        await using var host = await LocalHostApp.CreateAsync([$"--{key}={value}"], options =>
        {
            options.StorageConnectionString = scope.ConnectionString;
            options.TaskHubName = scope.TaskHubName;
            options.Urls = "http://127.0.0.1:0";
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Speed", "Slow")] // runs the thidua command as a process
    public async Task Thidua_host_names_every_invalid_setting_on_a_line_of_its_own_and_exits_1()
    {
        var scope = azurite.CreateScope(nameof(LocalHostSettingsTests));
        using var state = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var host = CliProcess.Start(
            new Dictionary<string, string>
            {
                ["ThiDua__StateDirectory"] = state.Path,
                ["AzureWebJobsStorage"] = scope.ConnectionString,
                ["TaskHubName"] = scope.TaskHubName,
            },
            "host", "--urls", "http://127.0.0.1:0", "--ThiDua:PortalBaseUrl=not-a-url", "--ThiDua:MailQueue:MaxAttempts=0");
        var output = host.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = await host.StandardError.ReadToEndAsync(timeout.Token);
        await host.WaitForExitAsync(timeout.Token);
        await output;

        Assert.Equal(1, host.ExitCode);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, line => line.Contains("ThiDua:PortalBaseUrl", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("ThiDua:MailQueue:MaxAttempts", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }
}
