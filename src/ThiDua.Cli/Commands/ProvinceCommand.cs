using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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
                Write(texts, year, overview.Deserialize<ProvinceYearView>(ApiClient.ReadOptions)!);
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

    static void Write(Texts texts, string year, ProvinceYearView overview)
    {
        Console.WriteLine(texts.Format("province.title", year, overview.Blocs.Count));
        foreach (var bloc in overview.Blocs)
        {
            Console.WriteLine(texts.Format("province.bloc", bloc.Name, bloc.BlocId, bloc.PhaseText ?? bloc.Phase, bloc.Active ? "" : " · " + texts["bloc.isInactive"]));
            if (bloc.NextDeadline is { } deadline)
            {
                Console.WriteLine("  " + texts.Format("province.next", bloc.NextDeadlineLabel, VietnamTime.Format(deadline, texts.English ? Localizer.English : null)));
            }

            Console.WriteLine("  " + texts.Format("province.units", Count(bloc.Members), Names(bloc.PendingUnits), Names(bloc.LateUnits)));
            if (bloc.LeadingUnit is not null || bloc.NextLeader is not null)
            {
                Console.WriteLine("  " + texts.Format("province.leadership", bloc.LeadingUnit?.Name ?? "—", Text(bloc.NextLeader), Text(bloc.NextDeputy)));
            }

            if (bloc.Verification is { } verification)
            {
                Console.WriteLine("  " + texts.Format(
                    verification.Passed ? "province.verified" : "province.notVerified",
                    Count(verification.Checks),
                    Count(verification.Failures),
                    VietnamTime.Format(verification.CheckedAt, texts.English ? Localizer.English : null)));
            }
        }
    }

    /// <summary>A count given as a number or as the list it counts.</summary>
    static int Count(JsonNode? node) => node switch
    {
        JsonArray list => list.Count,
        JsonValue value when value.TryGetValue<int>(out var n) => n,
        _ => 0,
    };

    /// <summary>A unit given by id or as <c>{ unitId, name }</c>.</summary>
    static string Text(JsonNode? node) => node switch
    {
        JsonObject unit => unit["name"]?.ToString() ?? unit["unitId"]?.ToString() ?? "—",
        JsonValue value => value.ToString(),
        _ => "—",
    };

    static string Names(IReadOnlyList<UnitNameView>? units) => units is { Count: > 0 } ? string.Join(", ", units.Select(u => u.Name)) : "—";
}

/// <summary>The province's year as this client prints it (the API's <c>ProvinceYear</c>; <c>--json</c> prints all of it).</summary>
internal sealed record ProvinceYearView(IReadOnlyList<ProvinceBlocView> Blocs);

/// <summary>One bloc of the province's year.</summary>
internal sealed record ProvinceBlocView(
    string BlocId,
    string Name,
    bool Active,
    string Phase,
    string? PhaseText,
    DateTimeOffset? NextDeadline,
    string? NextDeadlineLabel,
    JsonNode? Members,
    IReadOnlyList<UnitNameView>? PendingUnits,
    IReadOnlyList<UnitNameView>? LateUnits,
    UnitNameView? LeadingUnit,
    JsonNode? NextLeader,
    JsonNode? NextDeputy,
    ProvinceVerificationView? Verification);

/// <summary>A unit named in the overview.</summary>
internal sealed record UnitNameView(string UnitId, string Name);

/// <summary>The kept verification of an archived year.</summary>
internal sealed record ProvinceVerificationView(bool Passed, JsonNode? Checks, JsonNode? Failures, DateTimeOffset CheckedAt);
