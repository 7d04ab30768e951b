using System.Reflection;
using System.Text.Json.Nodes;
using ThiDua.TestKit;

namespace ThiDua.Infra.Tests;

/// <summary>The Bicep CLI from the NuGet package, and the repository's infra folder.</summary>
public static class Bicep
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string Infra { get; } = Path.Combine(RepositoryRoot, "infra");

    private static readonly Lazy<string> Executable = new(() =>
    {
        var path = Path.Combine(Metadata("NuGetPackageRoot"), "azure.bicep.commandline.linux-x64", Metadata("BicepVersion"), "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("Restore tests/ThiDua.Infra.Tests: its PackageDownload brings the Bicep CLI.", path);
        }

        // NuGet extracts package files without the execute bit.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    });

    private static readonly Lazy<Task<JsonNode>> Compiled = new(async () =>
    {
        var build = await RunAsync("build", Path.Combine(Infra, "main.bicep"), "--stdout");
        build.AssertClean();
        return JsonNode.Parse(build.StandardOutput)!;
    });

    /// <summary>main.bicep compiled to an ARM template, modules inlined as nested deployments.</summary>
    public static Task<JsonNode> CompiledTemplateAsync() => Compiled.Value;

    public static async Task<BicepRun> RunAsync(params string[] arguments)
    {
        var run = await ToolProcess.RunAsync(Executable.Value, arguments, TimeSpan.FromMinutes(2), RepositoryRoot);
        return new BicepRun(string.Join(' ', arguments), run.ExitCode, run.Output, run.Error);
    }

    private static string Metadata(string key)
        => typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"Assembly metadata {key} is empty.");
}

public sealed record BicepRun(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Bicep exits 0 on warnings, so a clean run also means nothing was written to stderr.</summary>
    public void AssertClean()
    {
        Assert.True(ExitCode == 0, $"bicep {Command} exited with {ExitCode}:\n{StandardError}{StandardOutput}");
        Assert.True(StandardError.Trim().Length == 0, $"bicep {Command} reported:\n{StandardError}");
    }
}
