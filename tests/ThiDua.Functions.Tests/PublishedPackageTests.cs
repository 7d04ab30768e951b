using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using ThiDua.Functions.Diagnostics;
using ThiDua.TestKit;

namespace ThiDua.Functions.Tests;

/// <summary>
/// The package azd deploys is what <c>dotnet publish src/ThiDua.Functions -c Release</c> makes: a folder
/// the Functions host starts from. A file missing there (the generated metadata, the worker's
/// configuration, the host extensions, the portal embedded in ThiDua.Api) only shows in Azure.
/// </summary>
[Trait("Speed", "Slow")]
[Collection(FunctionsOutput.Name)]
public sealed class PublishedPackageTests : IDisposable
{
    private readonly string _package = Directory.CreateTempSubdirectory("thidua-publish-").FullName;

    [Fact]
    public async Task The_published_package_holds_what_the_Functions_host_starts_from()
    {
        await PublishAsync();

        Assert.Equal(
            File.ReadAllText(Path.Combine(ProjectDirectory, "..", "..", "host.json")),
            File.ReadAllText(Path.Combine(_package, "host.json")));
        // Local settings stay local: in Azure the app settings come from infra/.
        Assert.False(File.Exists(Path.Combine(_package, "local.settings.json")));
        Assert.False(File.Exists(Path.Combine(_package, "local.settings.sample.json")));

        using (var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(_package, "functions.metadata"))))
        {
            var declared = typeof(ProbeFunctions).Assembly.GetTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
                .OfType<string>()
                .Order(StringComparer.Ordinal);
            Assert.Equal(declared, metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        }

        using (var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(_package, "worker.config.json"))))
        {
            var description = worker.RootElement.GetProperty("description");
            Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
            Assert.True(File.Exists(Path.Combine(_package, description.GetProperty("defaultWorkerPath").GetString()!)));
        }

        using (var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(_package, "extensions.json"))))
        {
            var listed = extensions.RootElement.GetProperty("extensions").EnumerateArray().ToList();
            Assert.Contains(listed, e => e.GetProperty("name").GetString() == "DurableTask");
            Assert.Contains(listed, e => e.GetProperty("name").GetString() == "AzureStorageQueues");
            Assert.All(listed, e => Assert.True(
                File.Exists(Path.Combine(_package, e.GetProperty("hintPath").GetString()!)),
                $"extensions.json names {e.GetProperty("hintPath").GetString()}, which the package lacks."));
        }

        AssertPortalEmbedded();
    }

    public void Dispose() => Directory.Delete(_package, recursive: true);

    private static string ProjectDirectory
    {
        get
        {
            var output = typeof(PublishedPackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "FunctionsOutputDirectory").Value!;
            for (var dir = new DirectoryInfo(output); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ThiDua.Functions.csproj")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"ThiDua.Functions.csproj not found above {output}.");
        }
    }

    private async Task PublishAsync()
    {
        var run = await ToolProcess.RunAsync("dotnet", ["publish", Path.Combine(ProjectDirectory, "ThiDua.Functions.csproj"), "-c", "Release", "-o", _package, "-nologo"], TimeSpan.FromMinutes(10));
        Assert.True(run.ExitCode == 0, $"dotnet publish exited with {run.ExitCode}:\n{run.Output}{run.Error}");
    }

    /// <summary>The portal is served from resources of ThiDua.Api.dll: the published copy carries every page, byte for byte.</summary>
    private void AssertPortalEmbedded()
    {
        var wwwroot = Path.Combine(ProjectDirectory, "..", "ThiDua.Api", "Portal", "wwwroot");
        var context = new AssemblyLoadContext("published-package", isCollectible: true);
        try
        {
            var api = context.LoadFromAssemblyPath(Path.Combine(_package, "ThiDua.Api.dll"));
            var pages = Directory.GetFiles(wwwroot).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(pages);
            Assert.Equal(
                pages.Select(p => $"portal/{p}"),
                api.GetManifestResourceNames().Where(n => n.StartsWith("portal/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            foreach (var page in pages)
            {
                using var stream = api.GetManifestResourceStream($"portal/{page}")!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                Assert.Equal(File.ReadAllBytes(Path.Combine(wwwroot, page!)), copy.ToArray());
            }
        }
        finally
        {
            context.Unload();
        }
    }
}

/// <summary>Tests that read or rewrite ThiDua.Functions' build output run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class FunctionsOutput
{
    public const string Name = "ThiDua.Functions output";
}
