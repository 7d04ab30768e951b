using System.CommandLine;
using System.Globalization;
using System.Text.Json;
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

    public static string CampaignPath(string bloc, int year, string rest) =>
        string.Create(CultureInfo.InvariantCulture, $"api/blocs/{Uri.EscapeDataString(bloc)}/campaigns/{year}/{rest}");
}
