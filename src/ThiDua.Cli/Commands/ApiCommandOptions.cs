using System.CommandLine;
using System.Globalization;
using ThiDua.Cli.Client;
using ThiDua.LocalHost;

namespace ThiDua.Cli.Commands;

/// <summary>The --url and --token options of every command that talks to the API, and the bloc/year arguments.</summary>
internal sealed class ApiCommandOptions
{
    public ApiCommandOptions(Texts texts)
    {
        this.Url = new Option<string?>("--url") { Description = texts["api.url"] };
        this.Token = new Option<string?>("--token") { Description = texts["api.token"] };
        this.Bloc = new Argument<string>("bloc") { Description = texts["arg.bloc"] };
        this.Year = new Argument<int>("year") { Description = texts["arg.year"] };
        this.Unit = new Argument<string>("unit") { Description = texts["arg.unit"] };
    }

    public Option<string?> Url { get; }

    public Option<string?> Token { get; }

    public Argument<string> Bloc { get; }

    public Argument<int> Year { get; }

    public Argument<string> Unit { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(this.Url);
        command.Options.Add(this.Token);
    }

    /// <summary>The API at --url, or at the running local host of the state folder, or a short-lived one (see <see cref="ApiSession"/>).</summary>
    public Task<ApiSession> OpenAsync(ParseResult parseResult, Texts texts, CancellationToken cancellationToken)
    {
        var given = parseResult.GetValue(this.Url);
        var url = given ?? LocalHostRegistration.Read(LocalState.Resolve().Directory)?.Url.ToString() ?? LocalHostOptions.DefaultUrl;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException(texts.Format("api.unreachable", url));
        }

        return ApiSession.OpenAsync(texts, uri, parseResult.GetValue(this.Token), given is not null, cancellationToken);
    }

    public static string CampaignPath(string bloc, int year, string rest) =>
        string.Create(CultureInfo.InvariantCulture, $"api/blocs/{Uri.EscapeDataString(bloc)}/campaigns/{year}/{rest}");
}
