using System.CommandLine;
using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Abstractions;
using Spectre.Console;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Http;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
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
            status.LeaderUnitId ?? "—",
            status.WorkflowVersion ?? "—")));

    /// <summary>
    /// <c>thidua cycles [--version-below N] [--json]</c>: every bloc's running cycles (this year's and the years it
    /// launched) with the workflow version each runs, or only those older than N, which must finish before the code
    /// of their version is removed.
    /// </summary>
    public static Command Cycles(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var below = new Option<string?>("--version-below") { Description = texts["cycles.versionBelow"] };
        var json = new Option<bool>("--json") { Description = texts["json.description"] };
        var command = new Command("cycles", texts["cycles.description"]) { below, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var version = parseResult.GetValue(below);
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var running = new List<CampaignStatus>();
            foreach (var bloc in await session.Client.GetAsync<List<StoredBloc>>("api/blocs", cancellationToken))
            {
                var id = bloc.Bloc.BlocId;
                var launched = await session.Client.GetAsync<CampaignYears>($"api/blocs/{Uri.EscapeDataString(id)}/campaigns", cancellationToken);
                foreach (var year in launched.Years.Append(VietnamTime.DateOf(DateTimeOffset.UtcNow).Year).Distinct().Order())
                {
                    if (await StatusOrNullAsync(session.Client, id, year, cancellationToken) is { RuntimeStatus: "Running" or "Pending" or "Suspended" } status
                        && (version is null || TaskOrchestrationVersioningUtils.CompareVersions(status.WorkflowVersion ?? "", version) < 0))
                    {
                        running.Add(status);
                    }
                }
            }

            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(running, ApiJson.Options));
            }
            else if (running.Count == 0)
            {
                Console.WriteLine(version is null ? texts["cycles.none"] : texts.Format("cycles.noneBelow", version));
            }
            else
            {
                foreach (var status in running)
                {
                    Console.WriteLine(texts.Format(
                        "cycles.line", status.BlocId, status.Year, status.Phase is { } phase ? texts["phase." + phase] : "—", status.WorkflowVersion ?? "—"));
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>The status of a bloc's year, or null when its cycle never started.</summary>
    static async Task<CampaignStatus?> StatusOrNullAsync(ApiClient client, string bloc, int year, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAsync<CampaignStatus>(ApiCommandOptions.CampaignPath(bloc, year, "status"), cancellationToken);
        }
        catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

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
