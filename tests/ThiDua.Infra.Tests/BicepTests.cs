namespace ThiDua.Infra.Tests;

[Trait("Speed", "Slow")]
public sealed class BicepTests
{
    [Fact]
    public async Task Lint_reports_no_warning_or_error()
    {
        var lint = await Bicep.RunAsync("lint", Path.Combine(Bicep.Infra, "main.bicep"));

        lint.AssertClean();
        Assert.True(lint.StandardOutput.Trim().Length == 0, $"bicep lint main.bicep reported:\n{lint.StandardOutput}");
    }

    [Fact]
    public async Task Template_builds_without_warnings()
    {
        var template = await Bicep.CompiledTemplateAsync();

        Assert.NotEmpty(Template.Resources(template, "Microsoft.Web/sites"));
    }
}
