using System.Diagnostics;

namespace ThiDua.TestKit;

/// <summary>What a command-line tool printed and how it exited.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Error);

/// <summary>Runs a command-line tool the tests need (bicep, dotnet publish, redocly, sh) to its end, with a time limit.</summary>
public static class ToolProcess
{
    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="arguments"/> and returns its output; a tool still running after
    /// <paramref name="timeout"/> is killed with its children and reported by a <see cref="TimeoutException"/> naming it.
    /// </summary>
    public static async Task<ToolRun> RunAsync(
        string file, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        using var limit = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in {timeout}.");
        }

        return new ToolRun(process.ExitCode, await output, await error);
    }
}
