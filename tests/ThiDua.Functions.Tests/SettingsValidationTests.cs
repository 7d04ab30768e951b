using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ThiDua.Workflows.Automation;

namespace ThiDua.Functions.Tests;

/// <summary>The app's services as Program registers them: an invalid setting stops the host at start, naming the setting.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("ThiDua:MailQueue:MaxAttempts", "0")]
    [InlineData("ThiDua:Api:WritesPerMinute", "-1")]
    [InlineData("ThiDua:LaunchWait", "-1.00:00:00")]
    [InlineData("ThiDua:Mail:From", "not an address")]
    [InlineData("ThiDua:PortalBaseUrl", "portal")]
    public async Task An_invalid_setting_fails_the_start_and_is_named(string key, string value)
    {
        using var host = Build(new() { [key] = value });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_launch_wait_setting_reaches_the_launch_check()
    {
        using var host = Build(new() { ["ThiDua:LaunchWait"] = "2.00:00:00" });

        Assert.Equal(TimeSpan.FromDays(2), host.Services.GetRequiredService<IOptions<LaunchCheckOptions>>().Value.LaunchWait);
        Assert.NotNull(host.Services.GetRequiredService<CycleLaunchCheck>());
    }

    /// <summary>A plain host with the app's services on valid settings, changed by <paramref name="settings"/>.</summary>
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TaskHubName"] = "ThiDuaSettings",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["ThiDua:Mail:Host"] = "127.0.0.1",
            ["ThiDua:Mail:From"] = "thidua@localhost",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddThiDuaFunctions(builder.Configuration);
        return builder.Build();
    }
}
