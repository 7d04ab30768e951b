using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Http;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Cli.Commands;

/// <summary>
/// <c>thidua proposals &lt;year&gt;</c>: every bloc's award proposals of a year for council staff, and
/// <c>thidua proposals &lt;year&gt; accept|return &lt;bloc&gt; &lt;unit&gt; --level L [--reason R]</c>: the council's decision.
/// </summary>
public static class ProposalCommands
{
    public static Command Proposals(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var action = new Argument<string?>("action") { Description = texts["proposals.action"], Arity = ArgumentArity.ZeroOrOne };
        action.AcceptOnlyFromAmong("accept", "return");
        var bloc = new Argument<string?>("bloc") { Description = texts["arg.bloc"], Arity = ArgumentArity.ZeroOrOne };
        var unit = new Argument<string?>("unit") { Description = texts["arg.unit"], Arity = ArgumentArity.ZeroOrOne };
        var level = new Option<string?>("--level") { Description = texts["proposals.level"] };
        var reason = new Option<string?>("--reason") { Description = texts["proposals.reason"] };
        var json = new Option<bool>("--json") { Description = texts["json.description"] };
        var command = new Command("proposals", texts["proposals.description"]) { api.Year, action, bloc, unit, level, reason, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var year = parseResult.GetValue(api.Year);
            var decide = parseResult.GetValue(action);
            var (blocId, unitId, levelId) = (parseResult.GetValue(bloc), parseResult.GetValue(unit), parseResult.GetValue(level));
            if (decide is null != (blocId is null && unitId is null && levelId is null) || (decide is not null && (blocId is null || unitId is null || levelId is null)))
            {
                throw new InvalidOperationException(texts["proposals.usage"]);
            }

            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            if (decide is null)
            {
                var list = await session.Client.GetAsync<ProposalList>(string.Create(CultureInfo.InvariantCulture, $"api/proposals/{year}"), cancellationToken);
                if (parseResult.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(list, ApiJson.Options));
                }
                else
                {
                    Write(texts, list);
                }

                return 0;
            }

            var decided = await session.Client.PostAsync<ProposalView>(
                ApiCommandOptions.CampaignPath(blocId!, year, $"proposals/{Uri.EscapeDataString(unitId!)}/decision"),
                new DecisionRequest { LevelId = levelId!, Outcome = decide == "accept" ? CouncilDecision.Accepted : CouncilDecision.Returned, Reason = parseResult.GetValue(reason) },
                cancellationToken);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(decided, ApiJson.Options));
            }
            else
            {
                Console.WriteLine(texts.Format("proposals.decided", decided.UnitId, decided.LevelName, texts["proposal." + decided.Status]));
            }

            return 0;
        });
        return command;
    }

    private static void Write(Texts texts, ProposalList list)
    {
        if (list.Proposals.Count == 0)
        {
            Console.WriteLine(texts.Format("proposals.none", list.Year));
            return;
        }

        var table = new Table().Title(Markup.Escape(texts.Format("proposals.title", list.Year)))
            .AddColumn(texts["proposals.bloc"]).AddColumn(texts["demo.unit"]).AddColumn(texts["proposals.levelColumn"])
            .AddColumn(texts["proposals.status"]).AddColumn(texts["proposals.reasonColumn"]);
        foreach (var p in list.Proposals)
        {
            var status = texts["proposal." + p.Status] + (p.UndecidedVote ? " " + texts["proposals.undecidedVote"] : "");
            table.AddRow(
                Markup.Escape($"{p.BlocName} ({p.BlocId})"),
                Markup.Escape($"{p.UnitName} ({p.UnitId})"),
                Markup.Escape($"{p.LevelName} ({p.Level})"),
                Markup.Escape(status),
                Markup.Escape(p.Reason ?? ""));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The proposals of a bloc's year, one line each, for <c>thidua results</c> and the demo's ending.</summary>
    public static void WriteLines(Texts texts, IReadOnlyList<ProposalView>? proposals, Func<string?, string> name)
    {
        if (proposals is null)
        {
            return;
        }

        AnsiConsole.MarkupLine(Markup.Escape(proposals.Count == 0 ? texts["results.noProposals"] : texts["results.proposals"]));
        foreach (var p in proposals)
        {
            var status = texts["proposal." + p.Status] + (p.UndecidedVote ? " " + texts["proposals.undecidedVote"] : "");
            AnsiConsole.MarkupLine(Markup.Escape($"  {p.LevelName}: {name(p.UnitId)} — {status}{(p.Reason is null ? "" : " (" + p.Reason + ")")}"));
        }
    }

}
