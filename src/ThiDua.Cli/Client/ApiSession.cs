using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Identity;
using ThiDua.LocalHost;

namespace ThiDua.Cli.Client;

/// <summary>
/// Where an API command sends its requests. When something answers at the address, that is used
/// with the caller's token. When nothing answers at the default address, the command starts a
/// short-lived local host on the local state (the data the demo left), gives itself a one-hour admin
/// token there (revoked at the end), and stops the host when done: `thidua status` and `thidua results`
/// work after the demo without a running host.
/// </summary>
public sealed class ApiSession : IAsyncDisposable
{
    private readonly LocalHostApp? _host;
    private readonly string? _tokenId;

    ApiSession(ApiClient client, LocalHostApp? host, string? tokenId)
    {
        Client = client;
        _host = host;
        _tokenId = tokenId;
    }

    public ApiClient Client { get; }

    /// <summary>True when this session runs its own short-lived host.</summary>
    public bool OwnsHost => _host is not null;

    public static async Task<ApiSession> OpenAsync(Texts texts, Uri url, string? token, bool urlGiven, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(url);
        token ??= Environment.GetEnvironmentVariable("THIDUA_TOKEN");
        var client = new ApiClient(url, token, texts.Language);
        if (await client.IsReachableAsync(cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(token))
            {
                client.Dispose();
                throw new InvalidOperationException(texts["api.tokenRequired"]);
            }

            return new ApiSession(client, null, null);
        }

        client.Dispose();
        if (urlGiven)
        {
            throw new InvalidOperationException(texts.Format("api.unreachable", url));
        }

        await Console.Error.WriteLineAsync(texts["api.startingHost"]);
        var host = await LocalState.Resolve().StartHostAsync(cancellationToken);
        try
        {
            var tokens = host.Services.GetRequiredService<ITokenStore>();
            var issued = await tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), "thidua CLI (short-lived host)", cancellationToken);
            return new ApiSession(new ApiClient(host.Urls[0], issued.Token, texts.Language), host, issued.TokenId);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_host is not null)
        {
            if (_tokenId is not null)
            {
                await _host.Services.GetRequiredService<ITokenStore>().RevokeAsync(_tokenId);
            }

            await _host.DisposeAsync();
        }
    }
}
