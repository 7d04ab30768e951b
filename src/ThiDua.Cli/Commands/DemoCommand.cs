using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.LocalHost;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Cli.Commands;

/// <summary><c>thidua demo</c>: the main job (see <see cref="DemoRunner"/>) on an in-process local host.</summary>
internal static class DemoCommand
{
    static readonly JsonSerializerOptions SummaryJson = CreateJson();

    public static Command Create(Texts texts)
    {
        var json = new Option<bool>("--json") { Description = texts["demo.json"] };
        var command = new Command("demo", texts["demo.description"]) { json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var asJson = parseResult.GetValue(json);
            IDemoReporter reporter = asJson ? new PlainReporter() : new ConsoleReporter();
            var state = LocalState.Resolve();
            if (LocalHostRegistration.Read(state.Directory) is { } running)
            {
                throw new InvalidOperationException(texts.Format("demo.hostRunning", running.ProcessId, running.Url));
            }

            reporter.Tell(texts["demo.preparing"]);
            await using var host = await state.StartHostAsync(cancellationToken);
            reporter.Tell(texts.Format("demo.ready", host.Urls[0], state.Directory));
            var summary = await new DemoRunner(host, state, texts, reporter, new DemoOptions()).RunAsync(cancellationToken);
            await host.StopAsync(CancellationToken.None);
            if (asJson)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(summary, SummaryJson));
            }
            else
            {
                WriteSummary(texts, summary);
            }

            return 0;
        });
        return command;
    }

    static void WriteSummary(Texts texts, DemoSummary summary)
    {
        AnsiConsole.WriteLine();
        StatusCommands.WriteResults(
            texts, summary.Year, summary.Ranking, summary.LeadingUnitId, summary.NextLeaderUnitId, summary.NextDeputyUnitId,
            summary.Archive?.Location, summary.Archive?.ManifestSha256, summary.Archive?.StorageDirectory, summary.Proposals);
        AnsiConsole.MarkupLine(Markup.Escape(texts.Format("demo.reminders", summary.NeverSubmitted.Count > 0 ? summary.NeverSubmitted[0] : "—", summary.Reminders.Count)));
        var transitions = new Table().Title(Markup.Escape(texts["demo.transitions"]))
            .AddColumn(texts["demo.from"]).AddColumn(texts["demo.to"]).AddColumn(texts["demo.deadline"]).AddColumn(new TableColumn(texts["demo.delay"]).RightAligned());
        foreach (var t in summary.Transitions)
        {
            transitions.AddRow(
                Markup.Escape(texts["phase." + t.From]),
                Markup.Escape(texts["phase." + t.To]),
                t.Deadline is { } d ? DemoText.Time(d) : "—",
                t.SecondsAfterDeadline?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—");
        }

        AnsiConsole.Write(transitions);
        AnsiConsole.MarkupLine(Markup.Escape(texts.Format("demo.done", summary.WallTimeSeconds, summary.BlocId, summary.Year)));
        AnsiConsole.MarkupLine(Markup.Escape(texts.Format("demo.portal", LocalHostOptions.DefaultUrl.TrimEnd('/') + "/")));
    }

    static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }

    /// <summary>Progress on the console with Spectre.Console.</summary>
    sealed class ConsoleReporter : IDemoReporter
    {
        public void Phase(CampaignStatus status, Texts texts) =>
            AnsiConsole.MarkupLine($"[grey]{DateTimeOffset.Now:HH:mm:ss}[/] [bold yellow]{Markup.Escape(Describe(status, texts))}[/]");

        public void Tell(string text) =>
            AnsiConsole.MarkupLine($"[grey]{DateTimeOffset.Now:HH:mm:ss}[/] {Markup.Escape(text)}");
    }

    /// <summary>With --json, progress goes to stderr so that stdout holds only the summary.</summary>
    sealed class PlainReporter : IDemoReporter
    {
        public void Phase(CampaignStatus status, Texts texts) => Console.Error.WriteLine(Describe(status, texts));

        public void Tell(string text) => Console.Error.WriteLine(text);
    }

    static string Describe(CampaignStatus status, Texts texts) => texts.Format(
        "demo.phase",
        status.Phase is { } phase ? texts["phase." + phase] : "—",
        status.Deadline is { } deadline ? DemoText.Time(deadline) : "—",
        DemoText.Pending(status.Pending));
}
