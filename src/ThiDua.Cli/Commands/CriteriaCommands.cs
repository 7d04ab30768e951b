using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ThiDua.Api.Endpoints;
using ThiDua.Cli.Client;
using ThiDua.Domain;

namespace ThiDua.Cli.Commands;

/// <summary>
/// A year's criteria table (bảng tiêu chí chấm điểm) through the API: <c>thidua criteria import|export|template|copy</c>.
/// The API reads and checks the spreadsheet; a refused one is printed cell by cell (sheet, line, column) as the API
/// names them.
/// </summary>
internal static class CriteriaCommands
{
    public static Command Criteria(Texts texts) => new("criteria", texts["criteria.description"]) { Show(texts), Import(texts), Export(texts), Template(texts), Copy(texts) };

    /// <summary>
    /// Sends a criteria spreadsheet to the year's draft, with If-Match when the year has a draft already, or only has it
    /// checked (<paramref name="dryRun"/>): the answer is the API's <c>CriteriaDraft</c>. <c>thidua launch --criteria</c> checks its
    /// file the same way.
    /// </summary>
    public static async Task<JsonNode> ImportAsync(ApiClient client, string bloc, int year, byte[] spreadsheet, bool dryRun, CancellationToken cancellationToken)
    {
        var path = ApiCommandOptions.CampaignPath(bloc, year, "criteria");

        // A check stores nothing, so it replaces nothing and needs no ETag.
        var etag = dryRun ? null : (await client.GetWithETagAsync(path, true, cancellationToken))?.ETag;
        return await client.SendBytesAsync<JsonNode>(
            HttpMethod.Put, path + (dryRun ? "?dryRun=true" : ""), spreadsheet, ApiCommandOptions.XlsxMediaType, cancellationToken, etag);
    }

    /// <summary>What a criteria table holds, line by line, as the launch and the imports print it.</summary>
    public static void WriteTable(Texts texts, CriteriaTable table)
    {
        Console.WriteLine(texts.Format(
            "criteria.summary",
            Points.Format(table.Scale),
            table.Criteria.Count(c => c.Kind == CriterionKind.Regular),
            table.Criteria.Count(c => c.Kind == CriterionKind.Bonus),
            table.Criteria.Count(c => c.Kind == CriterionKind.Penalty)));
        string? group = null;
        foreach (var criterion in table.Criteria)
        {
            if (criterion.Group.Length > 0 && criterion.Group != group)
            {
                Console.WriteLine("  " + criterion.Group);
            }

            group = criterion.Group;
            // Regular lines make up the scale; bonus and penalty lines say what they are.
            Console.WriteLine(criterion.Kind == CriterionKind.Regular
                ? texts.Format("criteria.line", criterion.Id, criterion.Title, Points.Format(criterion.MaxPoints))
                : texts.Format("criteria.lineKind", criterion.Id, criterion.Title, Points.Format(criterion.MaxPoints), texts["criterion." + criterion.Kind]));
        }
    }

    static Command Show(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("show", texts["criteria.show"]) { api.Bloc, api.Year, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, year) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Year));
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var draft = await session.Client.GetAsync<JsonNode>(ApiCommandOptions.CampaignPath(bloc, year, "criteria"), cancellationToken);
            WriteDraft(
                texts,
                parseResult.GetValue(json),
                draft,
                draft.Deserialize<CriteriaDraft>(ApiClient.ReadOptions)!.Launched ? texts.Format("criteria.launched", year, bloc) : texts.Format("criteria.draft", year, bloc, SavedAt(draft, texts)));
            return 0;
        });
        return command;
    }

    static Command Import(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var file = new Argument<FileInfo>("file") { Description = texts["criteria.file"] };
        var dryRun = new Option<bool>("--dry-run") { Description = texts["criteria.dryRun"] };
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("import", texts["criteria.import"]) { api.Bloc, api.Year, file, dryRun, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, year, path) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Year), parseResult.GetValue(file)!);
            ApiCommandOptions.SpreadsheetMediaType(path, csvAllowed: false, texts);
            var bytes = await ApiCommandOptions.ReadFileAsync(path, texts, cancellationToken);
            var dry = parseResult.GetValue(dryRun);
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var draft = await ImportAsync(session.Client, bloc, year, bytes, dry, cancellationToken);
            WriteDraft(texts, parseResult.GetValue(json), draft, dry ? texts.Format("criteria.checked", year, bloc) : texts.Format("criteria.saved", year, bloc, SavedAt(draft, texts)));
            return 0;
        });
        return command;
    }

    static Command Export(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var output = new Option<string?>("--output") { Description = texts["file.output"] };
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("export", texts["criteria.export"]) { api.Bloc, api.Year, output, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, year) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Year));
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var bytes = await session.Client.GetBytesAsync(ApiCommandOptions.CampaignPath(bloc, year, "criteria.xlsx"), cancellationToken);
            await ApiCommandOptions.SaveAsync(
                bytes, parseResult.GetValue(output), string.Create(CultureInfo.InvariantCulture, $"{bloc}-{year}-tieu-chi-cham-diem.xlsx"), texts, parseResult.GetValue(json), cancellationToken);
            return 0;
        });
        return command;
    }

    static Command Template(Texts texts) => ApiCommandOptions.Template(texts, "criteria.template", "api/templates/criteria.xlsx", "tieu-chi-cham-diem.xlsx");

    static Command Copy(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var from = new Option<int>("--from") { Description = texts["criteria.from"], Required = true };
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("copy", texts["criteria.copy"]) { api.Bloc, api.Year, from, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, year, fromYear) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Year), parseResult.GetValue(from));
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var etag = (await session.Client.GetWithETagAsync(ApiCommandOptions.CampaignPath(bloc, year, "criteria"), true, cancellationToken))?.ETag;
            var draft = await session.Client.PostAsync<JsonNode>(
                ApiCommandOptions.CampaignPath(bloc, year, "criteria/copy"), new JsonObject { ["fromYear"] = fromYear }, cancellationToken, etag);
            WriteDraft(texts, parseResult.GetValue(json), draft, texts.Format("criteria.copied", fromYear, year, bloc, SavedAt(draft, texts)));
            return 0;
        });
        return command;
    }

    static void WriteDraft(Texts texts, bool json, JsonNode draft, string heading)
    {
        if (json)
        {
            ApiCommandOptions.WriteJson(draft);
            return;
        }

        Console.WriteLine(heading);
        WriteTable(texts, draft.Deserialize<CriteriaDraft>(ApiClient.ReadOptions)!.Criteria);
    }

    static string SavedAt(JsonNode draft, Texts texts) =>
        draft.Deserialize<CriteriaDraft>(ApiClient.ReadOptions)!.SavedAt is { } at ? VietnamTime.Format(at, texts.English ? Localizer.English : null) : "—";
}
