using System.CommandLine;
using Spectre.Console;
using ThiDua.Cli.Demo;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Cli.Commands;

/// <summary><c>thidua status</c> and <c>thidua results</c>: reads of a bloc's year through the API.</summary>
internal static class StatusCommands
{
    public static Command Status(Texts texts) => ApiCommandOptions.YearRead<CampaignStatus>(
        texts,
        "status",
        (bloc, year) => ApiCommandOptions.CampaignPath(bloc, year, "status"),
        (status, bloc, year) => Console.WriteLine(texts.Format(
            "status.line",
            bloc,
            year,
            status.Phase is { } phase ? texts["phase." + phase] : "—",
            status.RuntimeStatus,
            status.Deadline is { } deadline ? DemoText.Time(deadline) : "—",
            DemoText.Pending(status.Pending),
            status.LeaderUnitId ?? "—")));

    public static Command Results(Texts texts) => ApiCommandOptions.YearRead<CampaignResults>(
        texts,
        "results",
        (bloc, year) => ApiCommandOptions.CampaignPath(bloc, year, "results"),
        (results, _, year) => WriteResults(
            texts,
            year,
            results.Ranking?.Entries.Select(e => new DemoRankEntry(e.UnitId, e.Name, e.Total)).ToList() ?? [],
            results.LeadingUnitId,
            results.NextLeaderUnitId,
            results.NextDeputyUnitId,
            results.Archive?.Location,
            results.Archive?.ManifestSha256,
            null,
            results.Proposals));

    /// <summary>The ranking table and the year's decisions, shared with the demo's ending.</summary>
    public static void WriteResults(
        Texts texts,
        int year,
        IReadOnlyList<DemoRankEntry> ranking,
        string? leading,
        string? nextLeader,
        string? nextDeputy,
        string? archive,
        string? archiveSha,
        string? storage,
        IReadOnlyList<ProposalView>? proposals)
    {
        var names = ranking.ToDictionary(r => r.UnitId, r => r.Name, StringComparer.Ordinal);
        string Name(string? id) => id is null ? "—" : names.TryGetValue(id, out var name) ? $"{name} ({id})" : id;
        var table = new Table().Title(Markup.Escape(texts.Format("demo.ranking", year)))
            .AddColumn(texts["demo.rank"]).AddColumn(texts["demo.unit"]).AddColumn(new TableColumn(texts["demo.total"]).RightAligned());
        var rank = 1;
        foreach (var entry in ranking)
        {
            table.AddRow(rank++.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(Name(entry.UnitId)), ThiDua.Domain.Points.Format(entry.Total));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[bold]" + Markup.Escape(texts.Format("demo.leading", Name(leading))) + "[/]");
        ProposalCommands.WriteLines(texts, proposals, Name);
        AnsiConsole.MarkupLine(Markup.Escape(texts.Format("demo.nextLeader", year + 1, Name(nextLeader), Name(nextDeputy))));
        if (archive is not null)
        {
            AnsiConsole.MarkupLine(Markup.Escape(storage is null
                ? texts.Format("results.archive", archive, archiveSha)
                : texts.Format("demo.archive", archive, archiveSha, storage)));
        }
    }
}
