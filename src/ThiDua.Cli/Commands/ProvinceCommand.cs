using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ThiDua.Api.Endpoints;
using ThiDua.Cli.Client;
using ThiDua.Domain;

namespace ThiDua.Cli.Commands;

/// <summary>
/// <c>thidua province &lt;year&gt; [--json] [--summary FILE.xlsx]</c>: every bloc of the province in a year, for council
/// staff: phase, next deadline, pending and late units, leading unit, next leadership, the archive's kept verification;
/// <c>--summary</c> also saves the year's summary spreadsheet.
/// </summary>
internal static class ProvinceCommand
{
    public static Command Create(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var summary = new Option<string?>("--summary") { Description = texts["province.summary"] };
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("province", texts["province.description"]) { api.Year, summary, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var year = parseResult.GetValue(api.Year).ToString(CultureInfo.InvariantCulture);
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var overview = await session.Client.GetAsync<JsonNode>($"api/province/{year}", cancellationToken);
            if (parseResult.GetValue(json))
            {
                ApiCommandOptions.WriteJson(overview);
            }
            else
            {
                Write(texts, year, overview.Deserialize<ProvinceYear>(ApiClient.ReadOptions)!);
            }

            if (parseResult.GetValue(summary) is { } file)
            {
                var bytes = await session.Client.GetBytesAsync($"api/province/{year}/summary.xlsx", cancellationToken);
                // With --json, stdout holds the overview's JSON alone.
                await ApiCommandOptions.SaveAsync(bytes, file, file, texts, json: false, cancellationToken, quiet: parseResult.GetValue(json));
            }

            return 0;
        });
        return command;
    }

    static void Write(Texts texts, string year, ProvinceYear overview)
    {
        Console.WriteLine(texts.Format("province.title", year, overview.Blocs.Count));
        foreach (var bloc in overview.Blocs)
        {
            Console.WriteLine(texts.Format("province.bloc", bloc.Name, bloc.BlocId, bloc.PhaseText, bloc.Active ? "" : " · " + texts["bloc.isInactive"]));
            if (bloc.NextDeadline is { } deadline)
            {
                Console.WriteLine("  " + texts.Format("province.next", bloc.NextDeadlineLabel, VietnamTime.Format(deadline, texts.English ? Localizer.English : null)));
            }

            Console.WriteLine("  " + texts.Format("province.units", bloc.Members, Names(bloc.PendingUnits), Names(bloc.LateUnits)));
            if (bloc.LeadingUnit is not null || bloc.NextLeader is not null)
            {
                Console.WriteLine("  " + texts.Format("province.leadership", bloc.LeadingUnit?.Name ?? "—", bloc.NextLeader?.Name ?? "—", bloc.NextDeputy?.Name ?? "—"));
            }

            if (bloc.Verification is { } verification)
            {
                Console.WriteLine("  " + texts.Format(
                    verification.Passed ? "province.verified" : "province.notVerified",
                    verification.Checks,
                    verification.Failures,
                    VietnamTime.Format(verification.CheckedAt, texts.English ? Localizer.English : null)));
            }
        }
    }

    static string Names(IReadOnlyList<UnitName> units) => units is { Count: > 0 } ? string.Join(", ", units.Select(u => u.Name)) : "—";
}
