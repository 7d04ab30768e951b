namespace ThiDua.Infra.Tests;

[Trait("Speed", "Slow")]
public sealed class BicepTests
{
    [Theory]
    [InlineData("main.bicep")]
    [InlineData("main.bicepparam")]
    public async Task Lint_reports_no_warning_or_error(string file)
    {
        var lint = await Bicep.RunAsync("lint", Path.Combine(Bicep.Infra, file));

        lint.AssertClean();
        Assert.True(lint.StandardOutput.Trim().Length == 0, $"bicep lint {file} reported:\n{lint.StandardOutput}");
    }

    [Fact]
    public async Task Template_and_parameters_build_without_warnings()
    {
        var template = await Bicep.CompiledTemplateAsync();
        var parameters = await Bicep.RunAsync("build-params", Path.Combine(Bicep.Infra, "main.bicepparam"), "--stdout");

        parameters.AssertClean();
        Assert.NotEmpty(Template.Resources(template, "Microsoft.Web/sites"));
    }
}
