using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ThiDua.TestKit;

/// <summary>How <see cref="HostProcess"/> starts <c>thidua host</c>.</summary>
public sealed class HostProcessOptions
{
    /// <summary>Environment of the host process: its storage, task hub, state folder, log levels.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Configuration given on the command line after <c>host --urls</c> (<c>--Section:Key=value</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// Issues a council staff token in the storage the started host uses (it may wait for the host to
    /// name that storage). With it the host is ready once a probe route answers that token, which means
    /// its client, sidecar and storage are up; without it, once its API answers at all.
    /// </summary>
    public Func<HostProcess, CancellationToken, Task<string>>? IssueAdminToken { get; init; }

    /// <summary>How long the host may take to become ready; null leaves it to the caller's cancellation.</summary>
    public TimeSpan? StartTimeout { get; init; }

    /// <summary>Called with each line the host writes to standard error.</summary>
    public Action<string>? OnError { get; init; }
}

/// <summary>
/// <c>thidua host</c> as a separate process, the way an operator runs it, on a loopback port that was
/// free a moment before; its memory and CPU are its own. It runs the <c>thidua.dll</c> built beside the
/// caller. Disposing kills it (and anything it started) if it is still running, so a failing caller
/// leaves nothing behind.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private string? _adminToken;

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>Everything the host has written to standard output and error so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A client of council staff, with the token <see cref="HostProcessOptions.IssueAdminToken"/> issued.</summary>
    public HttpClient AdminClient()
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
        return http;
    }

    /// <summary>Starts the host on a free loopback port and waits until it is ready.</summary>
    public static async Task<HostProcess> StartAsync(HostProcessOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var thidua = Path.Combine(AppContext.BaseDirectory, "thidua.dll");
        if (!File.Exists(thidua))
        {
            throw new FileNotFoundException("The thidua command was not built beside the caller; reference ThiDua.Cli.", thidua);
        }

        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{LoopbackPort.Free()}/"));
        var startInfo = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };

        // thidua.dll's own deps file names package copies that the caller's build may have left out in
        // favour of the shared framework's; the caller's deps file lists what is really here.
        var deps = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';')[0]
            ?? throw new InvalidOperationException("The caller runs without a deps file.");
        foreach (var argument in (string[])[
            "exec", "--depsfile", deps, "--runtimeconfig", Path.ChangeExtension(thidua, ".runtimeconfig.json"),
            thidua, "host", "--urls", baseAddress.GetLeftPart(UriPartial.Authority), .. options.Arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in options.Environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("thidua host did not start.");
        var host = new HostProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            host.Append(e.Data);
            if (e.Data is { } line)
            {
                options.OnError?.Invoke(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilReadyAsync(options, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Throws, with what the host wrote, when it has exited: a caller waiting on it fails at once.</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"thidua host exited with {_process.ExitCode}:\n{Output}"));
        }
    }

    /// <summary>
    /// SIGKILL of the host process alone, as <c>kill -9</c> does: no shutdown code runs. An Azurite the
    /// host started outlives it only long enough to write its stores to disk.
    /// </summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// The host's peak resident memory so far (VmHWM on Linux) and its CPU time, read while it
    /// still runs.
    /// </summary>
    public (double PeakRssMb, TimeSpan Cpu) Sample()
    {
        _process.Refresh();
        return (_process.PeakWorkingSet64 / (1024.0 * 1024.0), _process.TotalProcessorTime);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(HostProcessOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.StartTimeout is { } startTimeout)
        {
            timeout.CancelAfter(startTimeout);
        }

        try
        {
            if (options.IssueAdminToken is { } issue)
            {
                _adminToken = await issue(this, timeout.Token);
            }

            using var http = AdminClient();
            while (true)
            {
                ThrowIfExited();
                try
                {
                    // An unknown probe goes through the client, the sidecar and storage: 404 means all are up.
                    using var response = await http.GetAsync(_adminToken is null ? "openapi/v1.json" : "api/diagnostics/probes/ready-check", timeout.Token);
                    if (_adminToken is null || response.StatusCode == HttpStatusCode.NotFound)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!timeout.IsCancellationRequested)
                {
                    // One slow answer during start-up.
                }

                await Task.Delay(250, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"thidua host was not ready within {options.StartTimeout}:\n{Output}"));
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>The dotnet executable of the running runtime (…/dotnet/shared/Microsoft.NETCore.App/&lt;version&gt;/ → …/dotnet).</summary>
    private static string DotnetPath()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
