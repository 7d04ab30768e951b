using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ThiDua.Api.Http;
using ThiDua.Cli.Client;
using ThiDua.LocalHost;

namespace ThiDua.Cli.Commands;

/// <summary>The --url and --token options of every command that talks to the API, and the bloc/year arguments.</summary>
internal sealed class ApiCommandOptions
{
    public ApiCommandOptions(Texts texts)
    {
        Url = new Option<string?>("--url") { Description = texts["api.url"] };
        Token = new Option<string?>("--token") { Description = texts["api.token"] };
        Bloc = new Argument<string>("bloc") { Description = texts["arg.bloc"] };
        Year = new Argument<int>("year") { Description = texts["arg.year"] };
        Unit = new Argument<string>("unit") { Description = texts["arg.unit"] };
    }

    public Option<string?> Url { get; }

    public Option<string?> Token { get; }

    public Argument<string> Bloc { get; }

    public Argument<int> Year { get; }

    public Argument<string> Unit { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Token);
    }

    /// <summary>The API at --url, or at the running local host of the state folder, or a short-lived one (see <see cref="ApiSession"/>).</summary>
    public Task<ApiSession> OpenAsync(ParseResult parseResult, Texts texts, CancellationToken cancellationToken)
    {
        var given = parseResult.GetValue(Url);
        var url = given ?? LocalHostRegistration.Read(LocalState.Resolve().Directory)?.Url.ToString() ?? LocalHostOptions.DefaultUrl;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException(texts.Format("api.unreachable", url));
        }

        return ApiSession.OpenAsync(texts, uri, parseResult.GetValue(Token), given is not null, cancellationToken);
    }

    /// <summary>
    /// <c>thidua &lt;name&gt; &lt;bloc&gt; &lt;year&gt; [--json]</c>: reads one resource of a bloc's year and prints it as
    /// JSON or through <paramref name="render"/>; the exit code is <paramref name="exitCode"/>'s (0 by default); its
    /// description is the text <paramref name="descriptionKey"/> (default <c>&lt;name&gt;.description</c>). With
    /// <paramref name="post"/>, the resource is made afresh by a POST without a body instead of read.
    /// </summary>
    public static Command YearRead<T>(
        Texts texts, string name, Func<string, int, string> path, Action<T, string, int> render, Func<T, int>? exitCode = null, string? descriptionKey = null, bool post = false)
    {
        var api = new ApiCommandOptions(texts);
        var json = new Option<bool>("--json") { Description = texts["json.description"] };
        var command = new Command(name, texts[descriptionKey ?? name + ".description"]) { api.Bloc, api.Year, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var bloc = parseResult.GetValue(api.Bloc)!;
            var year = parseResult.GetValue(api.Year);
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var value = post
                ? await session.Client.PostAsync<T>(path(bloc, year), null, cancellationToken)
                : await session.Client.GetAsync<T>(path(bloc, year), cancellationToken);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(value, ApiJson.Options));
            }
            else
            {
                render(value, bloc, year);
            }

            return exitCode?.Invoke(value) ?? 0;
        });
        return command;
    }

    /// <summary><c>thidua … template [--output FILE] [--json]</c>: saves an empty spreadsheet of the API (its layout's template).</summary>
    public static Command Template(Texts texts, string descriptionKey, string apiPath, string fileName)
    {
        var api = new ApiCommandOptions(texts);
        var output = new Option<string?>("--output") { Description = texts["file.output"] };
        var json = JsonOption(texts);
        var command = new Command("template", texts[descriptionKey]) { output, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var bytes = await session.Client.GetBytesAsync(apiPath, cancellationToken);
            await SaveAsync(bytes, parseResult.GetValue(output), fileName, texts, parseResult.GetValue(json), cancellationToken);
            return 0;
        });
        return command;
    }

    public static string CampaignPath(string bloc, int year, string rest) =>
        string.Create(CultureInfo.InvariantCulture, $"api/blocs/{Uri.EscapeDataString(bloc)}/campaigns/{year}/{rest}");

    /// <summary><c>api/blocs/{bloc}</c>, or a path under it.</summary>
    public static string BlocPath(string bloc, string? rest = null) =>
        $"api/blocs/{Uri.EscapeDataString(bloc)}" + (rest is null ? "" : "/" + rest);

    public static Option<bool> JsonOption(Texts texts) => new("--json") { Description = texts["json.description"] };

    /// <summary>What <c>--json</c> prints: the API's own JSON, indented, Vietnamese letters as they are.</summary>
    public static void WriteJson(JsonNode? node) => Console.WriteLine(node?.ToJsonString(PrintOptions) ?? "null");

    static readonly JsonSerializerOptions PrintOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The ids of a comma-separated option value (<c>--members a,b,c</c>), blanks dropped.</summary>
    public static IReadOnlyList<string> Ids(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A local file's bytes; a missing file is the caller's mistake (exit 1), said in the CLI's language.</summary>
    public static async Task<byte[]> ReadFileAsync(FileInfo file, Texts texts, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new InvalidOperationException(texts.Format("file.missing", file.FullName));
        }

        return await File.ReadAllBytesAsync(file.FullName, cancellationToken);
    }

    /// <summary>The media type a spreadsheet is sent as: .xlsx always, .csv where the route reads it.</summary>
    public static string SpreadsheetMediaType(FileInfo file, bool csvAllowed, Texts texts) =>
        Path.GetExtension(file.Name).ToUpperInvariant() switch
        {
            ".XLSX" => XlsxMediaType,
            ".CSV" when csvAllowed => "text/csv",
            _ => throw new InvalidOperationException(texts.Format(csvAllowed ? "file.notSheetOrCsv" : "file.notSheet", file.FullName)),
        };

    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// Writes a downloaded file to <paramref name="output"/> (default <paramref name="defaultName"/> in the current folder)
    /// and says where, or prints <c>{ "path", "size" }</c> with <paramref name="json"/>, or nothing when <paramref name="quiet"/>.
    /// </summary>
    public static async Task SaveAsync(byte[] bytes, string? output, string defaultName, Texts texts, bool json, CancellationToken cancellationToken, bool quiet = false)
    {
        var path = Path.GetFullPath(output ?? defaultName);
        if (Path.GetDirectoryName(path) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        if (quiet)
        {
            return;
        }

        if (json)
        {
            WriteJson(new JsonObject { ["path"] = path, ["size"] = bytes.LongLength });
        }
        else
        {
            Console.WriteLine(texts.Format("file.written", path, bytes.LongLength));
        }
    }
}
