using System.Globalization;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using ThiDua.Bench.Harness;

namespace ThiDua.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/ThiDua.Bench -- [--json] [--quick] [--scenario NAME...]</c>.
/// Standard output carries only the result (a table, or one JSON object with --json); logs go
/// to standard error. Exit code 0 when every check passed, 1 when one failed, 2 for bad arguments.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        if (!TryParse(args, out var arguments, out var error))
        {
            await stderr.WriteLineAsync(error);
            await stderr.WriteLineAsync(Usage());
            return 2;
        }

        if (arguments.Help)
        {
            await stdout.WriteLineAsync(Usage());
            return 0;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddFilter("ThiDua", LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("DurableTask", LogLevel.Warning)
            .AddFilter("Azure", LogLevel.Warning));

        var report = await BenchHarness.RunAsync(arguments.Scenarios, arguments.Quick, loggerFactory, cancellationToken);
        if (arguments.Json)
        {
            await stdout.WriteLineAsync(report.ToJsonString());
        }
        else
        {
            WriteTable(report, stdout);
        }

        return report.Passed ? 0 : 1;
    }

    internal sealed record Arguments(bool Json, bool Quick, bool Help, IReadOnlyList<IBenchScenario> Scenarios);

    internal static bool TryParse(string[] args, out Arguments arguments, out string error)
    {
        bool json = false, quick = false, help = false;
        var names = new List<string>();
        error = "";
        arguments = new Arguments(false, false, false, []);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--help" or "-h":
                    help = true;
                    break;
                case "--scenario":
                    var start = i;
                    while (i + 1 < args.Length && !args[i + 1].StartsWith('-'))
                    {
                        names.Add(args[++i]);
                    }

                    if (i == start)
                    {
                        error = "--scenario needs at least one name.";
                        return false;
                    }

                    break;
                default:
                    error = $"Unknown argument '{args[i]}'.";
                    return false;
            }
        }

        var known = BenchHarness.Scenarios.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        if (names.FirstOrDefault(n => !known.ContainsKey(n)) is { } unknown)
        {
            error = $"Unknown scenario '{unknown}'. Scenarios: {string.Join(", ", known.Keys)}.";
            return false;
        }

        // Selected scenarios keep the harness's order, each once.
        var selected = names.Count == 0
            ? BenchHarness.Scenarios
            : BenchHarness.Scenarios.Where(s => names.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
        arguments = new Arguments(json, quick, help, selected);
        return true;
    }

    static string Usage() =>
        "Usage: dotnet run -c Release --project bench/ThiDua.Bench -- [--json] [--quick] [--scenario NAME...]\n"
        + "  --json       print one JSON object on standard output instead of a table\n"
        + "  --quick      small sizes: checks completion and correctness, not speed\n"
        + "  --scenario   run only these scenarios\n"
        + "Scenarios:\n"
        + string.Concat(BenchHarness.Scenarios.Select(s => $"  {s.Name,-12} {s.Description}\n"));

    static void WriteTable(BenchReport report, TextWriter stdout)
    {
        // Redirected output (a file, a test) gets plain text wide enough not to wrap figures.
        var terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal)
        {
            console.Profile.Width = 240;
        }

        var table = new Table().Title(report.Quick ? "ThiDua bench (quick: times are not meaningful)" : "ThiDua bench");
        table.AddColumns("Scenario", "Figure", "Value", "Unit", "Meaning");
        table.Columns[2].RightAligned();
        foreach (var scenario in report.Scenarios)
        {
            foreach (var figure in scenario.Figures)
            {
                table.AddRow(
                    Markup.Escape(scenario.Scenario),
                    Markup.Escape(figure.Key),
                    figure.Value.ToString("0.###", CultureInfo.InvariantCulture),
                    Markup.Escape(figure.Unit),
                    Markup.Escape(figure.Description));
            }

            foreach (var check in scenario.Checks)
            {
                var verdict = check.Passed ? "[green]ok[/]" : "[red]FAILED[/]";
                var detail = check.Detail is null ? "" : " (" + check.Detail + ")";
                table.AddRow(Markup.Escape(scenario.Scenario), "check", verdict, "", Markup.Escape(check.Description + detail));
            }
        }

        console.Write(table);
        console.MarkupLine(report.Passed ? "[green]All checks passed.[/]" : "[red]Some checks failed.[/]");
        console.MarkupLine(Markup.Escape($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}"));
    }
}
