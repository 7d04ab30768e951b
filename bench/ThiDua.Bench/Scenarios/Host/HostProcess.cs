using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using ThiDua.Cli.Client;

namespace ThiDua.Bench.Scenarios.Host;

/// <summary>
/// A <c>thidua host</c> in a process of its own, on the run's Azurite and a task hub of its own,
/// so that its memory and CPU are its own and the callers' work is not counted in them. It gets a
/// loopback port that was free a moment before, and is ready when its API answers there.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    readonly Process process;
    readonly string stateDirectory;
    readonly Queue<string> lastErrors = new();

    HostProcess(Process process, string stateDirectory, Uri url)
    {
        this.process = process;
        this.stateDirectory = stateDirectory;
        this.Url = url;
    }

    public Uri Url { get; }

    /// <summary>Messages the host's embedded mail server has received (.eml files in its outbox).</summary>
    public int MailCount
    {
        get
        {
            var outbox = Path.Combine(this.stateDirectory, "outbox");
            return Directory.Exists(outbox) ? Directory.EnumerateFiles(outbox, "*.eml").Count() : 0;
        }
    }

    public int ProcessId => this.process.Id;

    public static async Task<HostProcess> StartAsync(string connectionString, string taskHubName, ILogger logger, CancellationToken cancellationToken)
    {
        var stateDirectory = Path.Combine(Path.GetTempPath(), "thidua-bench-" + taskHubName);
        Directory.CreateDirectory(stateDirectory);
        var thidua = Path.Combine(AppContext.BaseDirectory, "thidua.dll");
        Uri url;
        if (!File.Exists(thidua))
        {
            throw new FileNotFoundException("The thidua command was not built beside the harness.", thidua);
        }

        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/"));
        }

        var start = new ProcessStartInfo(DotnetPath())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // thidua.dll's own deps file names package copies that the harness's build left out in
        // favour of the shared framework's; the harness's deps file lists what is really here.
        var deps = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';')[0]
            ?? throw new InvalidOperationException("The harness runs without a deps file.");
        foreach (var argument in (string[])[
            "exec", "--depsfile", deps, "--runtimeconfig", Path.ChangeExtension(thidua, ".runtimeconfig.json"),
            thidua, "host", "--urls", url.ToString(),
            "--TaskHubName=" + taskHubName,
            "--ThiDua:StateDirectory=" + stateDirectory,
            "--ThiDua:LaunchCheckInterval=00:00:00",

            // Simulated council staff register a province and simulated units submit far more than a
            // clerk's 120 writes a minute; the limiter still runs on every write, it just never refuses.
            "--ThiDua:Api:WritesPerMinute=1000000",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
        ])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AzureWebJobsStorage"] = connectionString;
        var process = Process.Start(start) ?? throw new InvalidOperationException("thidua host did not start.");
        var host = new HostProcess(process, stateDirectory, url);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => host.OnError(e.Data, logger);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilListeningAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The host's peak resident memory so far (VmHWM on Linux) and its CPU time, read while it
    /// still runs: the harness reads them before stopping it.
    /// </summary>
    public (double PeakRssMb, TimeSpan Cpu) Sample()
    {
        this.process.Refresh();
        return (this.process.PeakWorkingSet64 / (1024.0 * 1024.0), this.process.TotalProcessorTime);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!this.process.HasExited)
            {
                this.process.Kill(entireProcessTree: true);
                await this.process.WaitForExitAsync(CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }

        this.process.Dispose();
        try
        {
            Directory.Delete(this.stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>The dotnet executable of the running runtime (…/dotnet/shared/Microsoft.NETCore.App/&lt;version&gt;/ → …/dotnet).</summary>
    static string DotnetPath()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new ApiClient(this.Url, token: null);
        while (true)
        {
            if (await probe.IsReachableAsync(cancellationToken))
            {
                return;
            }

            if (this.process.HasExited || clock.Elapsed > StartTimeout)
            {
                string errors;
                lock (this.lastErrors)
                {
                    errors = string.Join('\n', this.lastErrors);
                }

                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"thidua host {(this.process.HasExited ? "exited with code " + this.process.ExitCode : "did not listen within " + StartTimeout)}:\n{errors}"));
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    void OnError(string? line, ILogger logger)
    {
        if (line is null)
        {
            return;
        }

        logger.LogWarning("thidua host: {Line}", line);
        lock (this.lastErrors)
        {
            this.lastErrors.Enqueue(line);
            if (this.lastErrors.Count > 40)
            {
                this.lastErrors.Dequeue();
            }
        }
    }
}
