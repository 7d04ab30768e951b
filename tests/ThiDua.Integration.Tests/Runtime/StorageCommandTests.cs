using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using ThiDua.Api.Identity;
using ThiDua.Azurite;
using ThiDua.Integration.Tests.Infrastructure;
using ThiDua.LocalHost;
using ThiDua.Storage;
using Xunit.Abstractions;

namespace ThiDua.Integration.Tests.Runtime;

/// <summary>
/// Storage run apart from hosts: <c>thidua storage</c> keeps the state folder's Azurite up on its
/// own, hosts started on that folder join it (one Azurite, data kept across hosts), and Ctrl+C
/// stops it; Azurite started by hand with the preload stays up with no owner.
/// </summary>
[Trait("Speed", "Slow")]
public sealed partial class StorageCommandTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Hosts_on_the_state_folder_join_the_storage_thidua_storage_runs_and_keep_their_data_there()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        using var state = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["ThiDua__StateDirectory"] = state.Path,
            ["ThiDua__LaunchCheckInterval"] = "00:00:00",
            ["THIDUA_LANG"] = "en",
        };
        using var storage = CliProcess.Start(environment, "storage");
        var output = new StringBuilder();
        var connected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        storage.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data is { } line && ConnectionLine().Match(line) is { Success: true } match)
            {
                connected.TrySetResult(match.Groups[1].Value);
            }
        };
        storage.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        storage.BeginOutputReadLine();
        storage.BeginErrorReadLine();
        try
        {
            var connectionString = await connected.Task.WaitAsync(ct);
            var tokens = new TokenStore(new ThiDuaStorageOptions { ConnectionString = connectionString });
            await tokens.InitializeAsync(ct);
            var admin = (await tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), cancellationToken: ct)).Token;

            await using (var first = await AdminHost.StartAsync(environment, ct))
            {
                Assert.Equal(connectionString, LocalHostRegistration.Read(state.Path)?.StorageConnectionString);
                using var http = Client(first, admin);
                using var put = await http.PutAsJsonAsync("api/blocs/kho-rieng", new { name = "Khối dùng kho riêng", memberUnitIds = new[] { "so-noi-vu" } }, ct);
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
                await first.KillAsync();
            }

            Assert.False(storage.HasExited, "thidua storage stopped with the host that used it.");
            await using (var second = await AdminHost.StartAsync(environment, ct))
            {
                using var http = Client(second, admin);
                using var get = await http.GetAsync("api/blocs/kho-rieng", ct);
                Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            }

            // Ctrl+C: Azurite saves and stops, and the folder no longer points at it.
            using (var interrupt = Process.Start("kill", ["-INT", storage.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync(ct);
            }

            await storage.WaitForExitAsync(ct);
            Assert.Equal(0, storage.ExitCode);
            Assert.Null(StorageRegistration.Read(state.Path));
        }
        finally
        {
            if (!storage.HasExited)
            {
                storage.Kill(entireProcessTree: true);
            }

            lock (output)
            {
                log.WriteLine(output.ToString());
            }
        }
    }

    [Fact]
    public async Task Azurite_started_by_hand_with_the_preload_stays_up_when_nobody_holds_its_input()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var data = new TempFolder();
        var script = Path.Combine(data.Path, "preload.js");
        await File.WriteAllTextAsync(script, AzuriteLauncher.ReadPreloadScript(), timeout.Token);
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--require", script, Path.Combine(RepositoryRoot.Locate(null), "node_modules", "azurite", "dist", "src", "azurite.js"),
            "--skipApiVersionCheck", "--disableTelemetry", "--location", Path.Combine(data.Path, "azurite"),
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1", "--blobPort", "0", "--queuePort", "0", "--tablePort", "0",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var node = Process.Start(start)!;
        try
        {
            // Like `node ... < /dev/null &`: its input ends at once.
            node.StandardInput.Close();
            string? line;
            var blob = (Uri?)null;
            while (blob is null && (line = await node.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
            {
                if (BlobLine().Match(line) is { Success: true } match)
                {
                    blob = new Uri(match.Groups[1].Value);
                }
            }

            Assert.NotNull(blob);
            using var http = new HttpClient();
            using var response = await http.GetAsync(blob, timeout.Token);
            Assert.False(node.HasExited, "Azurite exited when its input ended although no launcher owns it.");
            Assert.True(File.Exists(Path.Combine(data.Path, "azurite", "azurite.pid")), "Azurite did not name itself in its data folder.");
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync(CancellationToken.None);
        }
    }

    static HttpClient Client(HostProcess host, string token) =>
        new() { BaseAddress = host.BaseAddress, DefaultRequestHeaders = { Authorization = new("Bearer", token) } };

    [GeneratedRegex("^Connection string: (.+)$")]
    private static partial Regex ConnectionLine();

    [GeneratedRegex("Blob service is successfully listening at (http://\\S+)")]
    private static partial Regex BlobLine();
}
