using System.Diagnostics;
using ThiDua.LocalHost;
using Xunit.Abstractions;

namespace ThiDua.Portal.Tests;

/// <summary>What the portal's browser tests share: the real local host on loopback, and a node script driving chromium.</summary>
internal static class PortalHarness
{
    public static async Task<LocalHostApp> StartHostAsync(string root, string stateDirectory, string taskHub, CancellationToken cancellationToken)
    {
        var host = await LocalHostApp.CreateAsync(
            ["--Logging:LogLevel:Default=Warning"],
            options =>
            {
                options.RepositoryRoot = root;
                options.StateDirectory = stateDirectory;
                options.TaskHubName = taskHub;
                options.WorkerId = "portal-tests";
                options.Urls = "http://127.0.0.1:0";
                options.EmbeddedMail = true;
                options.LaunchCheckInterval = TimeSpan.Zero;
            },
            cancellationToken);
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs browser/<paramref name="script"/> with <paramref name="environment"/>; its output goes to the test's log, a non-zero exit fails the test.</summary>
    public static async Task RunScenarioAsync(string root, string script, Dictionary<string, string> environment, ITestOutputHelper output, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(root, "tests", "ThiDua.Portal.Tests", "browser", script)])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = node.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = node.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await node.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The browser is node's child: take the whole tree down, never leave chromium behind.
            node.Kill(entireProcessTree: true);
            throw;
        }

        var log = await stdout + await stderr;
        output.WriteLine(log);
        Assert.True(node.ExitCode == 0, log);
    }
}
