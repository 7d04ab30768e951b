using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.Http.Headers;
using System.Text;
using ThiDua.Api.Identity;
using ThiDua.LocalHost;
using ThiDua.Storage;

namespace ThiDua.Integration.Tests.Infrastructure;

/// <summary>
/// <c>thidua host</c> as a separate process, the way an operator runs it. Disposing kills it
/// (and anything it started) if it is still running, so a failing test leaves nothing behind.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();

    HostProcess(Process process, Uri baseAddress, string? adminToken)
    {
        this.process = process;
        this.BaseAddress = baseAddress;
        this.adminToken = adminToken;
    }

    string? adminToken;

    public Uri BaseAddress { get; }

    public int ProcessId => this.process.Id;

    public string Output
    {
        get
        {
            lock (this.output)
            {
                return this.output.ToString();
            }
        }
    }

    /// <summary>A client of council staff, with a token issued in the host's storage before it started.</summary>
    public HttpClient AdminClient()
    {
        var http = new HttpClient { BaseAddress = this.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", this.adminToken);
        return http;
    }

    /// <summary>Starts the host on a free loopback port and waits until its API answers.</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        // The probe routes the readiness check uses admit council staff only. A host on configured
        // storage gets its token there before it starts; a host that runs its own Azurite in its
        // state folder names that storage in host.json once it serves.
        var adminToken = environment.TryGetValue("AzureWebJobsStorage", out var storage)
            ? await IssueAdminTokenAsync(storage, environment, cancellationToken)
            : null;

        var cli = Path.Combine(AppContext.BaseDirectory, "thidua.dll");
        Assert.True(File.Exists(cli), $"thidua.dll is not next to the tests ({cli}); the test project references ThiDua.Cli.");
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreeLoopbackPort()}/"));

        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[] { cli, "host", "--urls", baseAddress.GetLeftPart(UriPartial.Authority) })
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("thidua host did not start.");
        var host = new HostProcess(process, baseAddress, adminToken);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (adminToken is null)
            {
                var registration = await host.WaitForRegistrationAsync(environment["ThiDua__StateDirectory"], cancellationToken);
                host.adminToken = await IssueAdminTokenAsync(registration.StorageConnectionString, environment, cancellationToken);
            }

            await host.WaitUntilServingAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// SIGKILL of the host process alone, as <c>kill -9</c> does: no shutdown code runs. An Azurite the
    /// host started outlives it only long enough to write its stores to disk.
    /// </summary>
    public async Task KillAsync()
    {
        if (!this.process.HasExited)
        {
            this.process.Kill(entireProcessTree: false);
        }

        await this.process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!this.process.HasExited)
            {
                this.process.Kill(entireProcessTree: true);
            }

            await this.process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        this.process.Dispose();
    }

    static async Task<string> IssueAdminTokenAsync(string connectionString, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var tokens = new TokenStore(new ThiDuaStorageOptions
        {
            ConnectionString = connectionString,
            TablePrefix = environment.GetValueOrDefault("ThiDua__Storage__TablePrefix") ?? new ThiDuaStorageOptions().TablePrefix,
        });
        await tokens.InitializeAsync(cancellationToken);
        return (await tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), "integration tests", cancellationToken)).Token;
    }

    /// <summary>The host.json this process writes in its state folder once it serves.</summary>
    async Task<LocalHostRegistration> WaitForRegistrationAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        while (true)
        {
            Assert.False(this.process.HasExited, $"thidua host exited with {(this.process.HasExited ? this.process.ExitCode : 0)}:\n{this.Output}");
            if (LocalHostRegistration.Read(stateDirectory) is { } registration && registration.ProcessId == this.process.Id)
            {
                return registration;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        using var http = this.AdminClient();
        while (true)
        {
            Assert.False(this.process.HasExited, $"thidua host exited with {(this.process.HasExited ? this.process.ExitCode : 0)}:\n{this.Output}");
            try
            {
                // An unknown probe goes through the client, the sidecar and storage: 404 means all are up.
                using var response = await http.GetAsync("api/diagnostics/probes/ready-check", cancellationToken);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One slow answer during start-up.
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    void Append(string? line)
    {
        if (line is not null)
        {
            lock (this.output)
            {
                this.output.AppendLine(line);
            }
        }
    }

    /// <summary>The dotnet executable running these tests (dotnet test sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
