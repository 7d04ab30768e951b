using System.CommandLine;
using Spectre.Console;
using ThiDua.Archive;

namespace ThiDua.Cli.Commands;

/// <summary>
/// <c>thidua verify &lt;bloc&gt; &lt;year&gt;</c>: the archive's verification through the API (the running host, --url,
/// or a short-lived host on the state folder, like <c>thidua results</c>), run afresh (council staff) and kept as the
/// year's verification the council's overview shows; each check with ✓ or ✗ and exactly what does not hold. Exit code 0 only when every check holds, <see cref="TamperedExitCode"/> when one does not.
/// </summary>
public static class VerifyCommand
{
    /// <summary>Exit code when the archive does not verify (1 and 2 are errors and API refusals).</summary>
    public const int TamperedExitCode = 3;

    public static Command Create(Texts texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return ApiCommandOptions.YearRead<ArchiveVerification>(
            texts,
            "verify",
            (bloc, year) => ApiCommandOptions.CampaignPath(bloc, year, "verification"),
            (verification, bloc, year) =>
            {
                foreach (var check in verification.Checks)
                {
                    AnsiConsole.MarkupLine(check.Holds
                        ? "[green]✓[/] " + Markup.Escape(check.Description)
                        : "[red]✗[/] " + Markup.Escape(check.Description) + "\n    [red]" + Markup.Escape(check.Problem ?? "") + "[/]");
                }

                var failed = verification.Checks.Count(c => !c.Holds);
                AnsiConsole.MarkupLine(failed == 0
                    ? "[bold green]" + Markup.Escape(texts.Format("verify.holds", bloc, year, verification.Checks.Count)) + "[/]"
                    : "[bold red]" + Markup.Escape(texts.Format("verify.fails", bloc, year, failed, verification.Checks.Count)) + "[/]");
            },
            verification => verification.Holds ? 0 : TamperedExitCode,
            post: true);
    }
}
