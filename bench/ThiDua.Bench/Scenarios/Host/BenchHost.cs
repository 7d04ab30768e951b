using System.Globalization;
using Microsoft.Extensions.Logging;
using ThiDua.TestKit;

namespace ThiDua.Bench.Scenarios.Host;

/// <summary>
/// One of several <see cref="BenchHost"/>s on one task hub: its stable worker id, and the control-queue
/// partitions of the hub (the first host creates it with them; the others join it).
/// </summary>
internal sealed record BenchWorker(string WorkerId, int PartitionCount);

/// <summary>
/// A <c>thidua host</c> in a process of its own (<see cref="HostProcess"/>), on the run's Azurite and a
/// task hub of its own (or, as a <see cref="BenchWorker"/>, one it shares with other hosts), so that
/// its memory and CPU are its own and the callers' work is not counted in them. Its state folder is a
/// temporary one, removed when it stops.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    readonly string _stateDirectory;

    BenchHost(HostProcess process, string stateDirectory)
    {
        this.Process = process;
        _stateDirectory = stateDirectory;
    }

    public HostProcess Process { get; }

    /// <summary>Messages the host's embedded mail server has received (.eml files in its outbox).</summary>
    public int MailCount
    {
        get
        {
            var outbox = Path.Combine(_stateDirectory, "outbox");
            return Directory.Exists(outbox) ? Directory.EnumerateFiles(outbox, "*.eml").Count() : 0;
        }
    }

    public static Task<BenchHost> StartAsync(string connectionString, string taskHubName, ILogger logger, CancellationToken cancellationToken) =>
        StartAsync(connectionString, taskHubName, worker: null, logger, cancellationToken);

    /// <summary>A host that is <paramref name="worker"/> on the task hub (null: the only one, with the host's defaults).</summary>
    public static async Task<BenchHost> StartAsync(string connectionString, string taskHubName, BenchWorker? worker, ILogger logger, CancellationToken cancellationToken)
    {
        var stateDirectory = Path.Combine(Path.GetTempPath(), "thidua-bench-" + taskHubName + (worker is null ? "" : "-" + worker.WorkerId));
        Directory.CreateDirectory(stateDirectory);
        string[] workerArguments = worker is null
            ? []
            : ["--ThiDua:WorkerId=" + worker.WorkerId, "--ThiDua:PartitionCount=" + worker.PartitionCount.ToString(CultureInfo.InvariantCulture)];
        var process = await HostProcess.StartAsync(
            new HostProcessOptions
            {
                Environment = new Dictionary<string, string> { ["AzureWebJobsStorage"] = connectionString },
                Arguments =
                [
                    "--TaskHubName=" + taskHubName,
                    "--ThiDua:StateDirectory=" + stateDirectory,
                    "--ThiDua:LaunchCheckInterval=00:00:00",

                    // Simulated council staff register a province and simulated units submit far more than a
                    // clerk's 120 writes a minute; the limiter still runs on every write, it just never refuses.
                    "--ThiDua:Api:WritesPerMinute=1000000",
                    "--Logging:LogLevel:Default=Warning",
                    "--Logging:Console:LogToStandardErrorThreshold=Trace",
                    .. workerArguments,
                ],
                StartTimeout = StartTimeout,
                OnError = line => logger.LogWarning("thidua host {Worker}: {Line}", worker?.WorkerId ?? taskHubName, line),
            },
            cancellationToken);
        return new BenchHost(process, stateDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await this.Process.DisposeAsync();
        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
