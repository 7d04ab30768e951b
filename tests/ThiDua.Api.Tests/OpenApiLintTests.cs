using System.Net;
using ThiDua.Azurite;
using Xunit.Abstractions;

namespace ThiDua.Api.Tests;

/// <summary>
/// The OpenAPI document the host serves, linted by Redocly CLI (pinned in package.json, installed by
/// <c>npm ci</c>) with its recommended rules and the repository's redocly.yaml: any error fails.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class OpenApiLintTests(ApiFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task The_served_document_has_no_Redocly_lint_error()
    {
        var reply = await fixture.Anonymous().FetchAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var root = RepositoryRoot.Locate();
        var cli = Path.Combine(root, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"{cli} is missing: run npm ci at the repository root.");
        var document = Path.Combine(Path.GetTempPath(), $"thidua-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, reply.Body);
        try
        {
            // Offline and quiet: no telemetry, no update check, no colour codes in the report.
            var run = await ToolProcess.RunAsync(
                "node",
                [cli, "lint", document, "--format=stylish"],
                TimeSpan.FromMinutes(3),
                root,
                new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1" });
            var (exitCode, text) = (run.ExitCode, run.Output + run.Error);
            output.WriteLine(text);
            Assert.True(exitCode == 0, $"redocly lint exited with {exitCode}:\n{text}");
        }
        finally
        {
            File.Delete(document);
        }
    }
}
