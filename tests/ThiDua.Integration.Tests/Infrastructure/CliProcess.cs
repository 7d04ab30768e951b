using System.Diagnostics;

namespace ThiDua.Integration.Tests.Infrastructure;

/// <summary>The `thidua` command built beside the tests, run as a user runs it.</summary>
internal static class CliProcess
{
    /// <summary>Starts <c>thidua <paramref name="args"/></c> with <paramref name="environment"/> added; standard output and error are redirected.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet && File.Exists(dotnet) ? dotnet : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "thidua.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("thidua did not start.");
    }
}
