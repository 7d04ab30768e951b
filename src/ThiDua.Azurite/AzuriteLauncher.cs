using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ThiDua.Azurite;

/// <summary>
/// Runs the repository's pinned Azurite on free loopback ports and exposes its connection
/// string. Disposing closes its stdin: it writes its stores to disk and exits (killed if it lingers).
/// If the owning process dies without disposing, even by SIGKILL, Azurite sees its stdin close the
/// same way, so every write it acknowledged reaches disk; a launcher on the same data folder waits
/// for that before starting another Azurite there.
/// </summary>
public sealed partial class AzuriteLauncher : IAsyncDisposable
{
    /// <summary>The well-known development account key Azurite accepts.</summary>
    public const string AccountName = "devstoreaccount1";

    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Preloaded into Azurite's node process: stops it when its owner is gone, removes three
    // whole-collection passes from Azurite's storage and counts every request (see the script).
    const string PreloadResource = "ThiDua.Azurite.AzuritePreload.js";
    const string PatchedLine = "ThiDua: storage patched";

    private readonly Process _process;
    private readonly TimeSpan _stopTimeout;
    private readonly ILogger _logger;
    private int _disposed;

    AzuriteLauncher(Process process, Uri blob, Uri queue, Uri table, TimeSpan stopTimeout, ILogger logger)
    {
        _process = process;
        _stopTimeout = stopTimeout;
        _logger = logger;
        BlobEndpoint = blob;
        QueueEndpoint = queue;
        TableEndpoint = table;
        ConnectionString = string.Create(
            CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={blob};QueueEndpoint={queue};TableEndpoint={table};");
    }

    /// <summary>Connection string for Azure SDK clients and the Durable Task provider.</summary>
    public string ConnectionString { get; }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public Uri TableEndpoint { get; }

    /// <summary>
    /// True when the preload patched Azurite's storage: without it every queue operation rebuilds
    /// the message indexes, every table query reads the whole table, and garbage collection blocks
    /// Azurite for a minute or more once many queue messages have come and gone.
    /// </summary>
    public bool StoragePatched { get; private init; }

    /// <summary>Process id of the Azurite node process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts Azurite and waits until all three services listen.</summary>
    public static async Task<AzuriteLauncher> StartAsync(
        AzuriteOptions? options = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new AzuriteOptions();
        logger ??= NullLogger.Instance;
        var root = RepositoryRoot.Locate(options.RepositoryRoot);
        var azuriteScript = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(azuriteScript))
        {
            if (!options.InstallIfMissing)
            {
                throw new InvalidOperationException($"Azurite is not installed in '{root}'; run 'npm ci' there.");
            }

            await NpmCiAsync(root, options.InstallTimeout, logger, cancellationToken);
            if (!File.Exists(azuriteScript))
            {
                throw new InvalidOperationException($"'npm ci' in '{root}' did not install azurite.");
            }
        }

        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.Environment["THIDUA_AZURITE_OWNED"] = "1";
        startInfo.ArgumentList.Add("--require");
        startInfo.ArgumentList.Add(WritePreloadScript());
        startInfo.ArgumentList.Add(azuriteScript);
        foreach (var arg in new[]
        {
            "--silent", "--skipApiVersionCheck", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", Port(options.BlobPort), "--queuePort", Port(options.QueuePort), "--tablePort", Port(options.TablePort),
        })
        {
            startInfo.ArgumentList.Add(arg);
        }

        if (options.DataDirectory is null)
        {
            // Azurite refuses --location with in-memory persistence; run it in a scratch folder
            // so nothing it might write lands in the caller's directory.
            startInfo.ArgumentList.Add("--inMemoryPersistence");
            startInfo.WorkingDirectory = Path.GetTempPath();
        }
        else
        {
            var location = Path.GetFullPath(options.DataDirectory);
            Directory.CreateDirectory(location);
            await WaitForPreviousAsync(location, options.StartTimeout, logger, cancellationToken);
            startInfo.ArgumentList.Add("--location");
            startInfo.ArgumentList.Add(location);
            startInfo.WorkingDirectory = location;
        }

        var ports = new Dictionary<string, Uri>(StringComparer.Ordinal);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        var patched = false;
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (ports)
            {
                output.AppendLine(line);
                patched |= line == PatchedLine;
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    ports[match.Groups["service"].Value] = new Uri(match.Groups["url"].Value.TrimEnd('/') + "/" + AccountName);
                    if (ports.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("Azurite exited during start-up."));

        if (!process.Start())
        {
            throw new InvalidOperationException("Azurite did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(options.StartTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            KillTree(process);
            process.Dispose();
            string log;
            lock (ports)
            {
                log = output.ToString();
            }

            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new InvalidOperationException($"Azurite did not report its ports ({ex.Message}). Output:\n{log}", ex);
        }

        logger.LogInformation("Azurite {Pid} listening: blob {Blob}, queue {Queue}, table {Table}", process.Id, ports["Blob"], ports["Queue"], ports["Table"]);
        lock (ports)
        {
            if (!patched)
            {
                logger.LogWarning("Azurite's storage was not patched: queues and table queries are slow and its garbage collection may pause it for minutes. Output:\n{Output}", output);
            }
        }

        return new AzuriteLauncher(process, ports["Blob"], ports["Queue"], ports["Table"], options.StopTimeout, logger) { StoragePatched = patched };
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var timeout = new CancellationTokenSource(_stopTimeout);
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _logger.LogWarning("Azurite {Pid} did not stop within {Timeout}; killing it.", _process.Id, _stopTimeout);
                    KillTree(_process);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>
    /// Waits until no other Azurite runs on <paramref name="location"/>: one whose owner was killed
    /// is still writing its stores to disk, and a second one started on the folder now would load
    /// them half-written and later overwrite them with its own.
    /// </summary>
    static async Task WaitForPreviousAsync(string location, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(location, "azurite.pid");
        var deadline = DateTime.UtcNow + timeout;
        var logged = false;
        while (ReadPid(pidFile) is { } pid && IsAzurite(pid))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException(
                    $"Azurite {pid} still runs on '{location}'. Stop it, or let the host use it through ThiDua__Storage__ConnectionString and AzureWebJobsStorage.");
            }

            if (!logged)
            {
                logger.LogInformation("Waiting for Azurite {Pid} to write its stores in {Location} and exit.", pid, location);
                logged = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    static int? ReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // A pid is reused once its process is gone: only a node process running azurite counts
    // (where /proc tells; elsewhere any live process with that id).
    static bool IsAzurite(int pid)
    {
        if (!Directory.Exists("/proc"))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Contains("azurite", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    static string Port(int port) =>
        port is >= 0 and <= 65535
            ? port.ToString(CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(port), port, "An Azurite port is 0 (a free one) to 65535.");

    static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The script preloaded into Azurite's node process.</summary>
    internal static string ReadPreloadScript()
    {
        using var stream = typeof(AzuriteLauncher).Assembly.GetManifestResourceStream(PreloadResource)
            ?? throw new InvalidOperationException($"Resource {PreloadResource} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    static string WritePreloadScript()
    {
        var script = ReadPreloadScript();
        var folder = Path.Combine(Path.GetTempPath(), "thidua");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "azurite-preload.js");
        if (!File.Exists(path) || File.ReadAllText(path) != script)
        {
            // Write aside then move, so a concurrent launcher never loads a half-written file.
            var scratch = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllText(scratch, script);
            File.Move(scratch, path, overwrite: true);
        }

        return path;
    }

    static async Task NpmCiAsync(string root, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        logger.LogInformation("Installing Azurite with 'npm ci' in {Root}", root);
        var startInfo = new ProcessStartInfo("npm")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("ci");
        startInfo.ArgumentList.Add("--no-audit");
        startInfo.ArgumentList.Add("--no-fund");
        using var npm = Process.Start(startInfo) ?? throw new InvalidOperationException("npm did not start.");
        var stdout = npm.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = npm.StandardError.ReadToEndAsync(cancellationToken);
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        try
        {
            await npm.WaitForExitAsync(timeoutCts.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(npm);
            throw;
        }

        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"'npm ci' failed with exit code {npm.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}
