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
}
