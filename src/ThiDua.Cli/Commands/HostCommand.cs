using System.CommandLine;
using ThiDua.Azurite;
using ThiDua.LocalHost;

namespace ThiDua.Cli.Commands;

/// <summary><c>thidua host</c>: the local host in the foreground; Ctrl+C stops it and the Azurite it started.</summary>
internal static class HostCommand
{
    public static Command Create(Texts texts)
    {
        var urls = new Option<string?>("--urls") { Description = texts["host.urls"] };
        var command = new Command("host", texts["host.description"]) { urls };

        // Other configuration switches (--TaskHubName, --ThiDua:WorkerId ...) go to the host's
        // configuration as in any ASP.NET Core app.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            Console.WriteLine(texts["host.starting"]);
            await using var host = await LocalHostApp.CreateAsync(
                [.. parseResult.UnmatchedTokens],
                options =>
                {
                    if (parseResult.GetValue(urls) is { Length: > 0 } value)
                    {
                        options.Urls = value;
                    }
                },
                cancellationToken);
            await host.StartAsync(cancellationToken);
            Console.WriteLine(host.Azurite is null
                ? texts["host.storage"]
                : texts.Format("host.azurite", Path.Combine(host.Options.StateDirectory ?? Path.Combine(RepositoryRoot.Locate(host.Options.RepositoryRoot), ".thidua"), "azurite")));
            if (host.Smtp is { } smtp)
            {
                Console.WriteLine(texts.Format("host.smtp", smtp.Port, smtp.OutboxDirectory));
            }

            Console.WriteLine(texts.Format("host.listening", string.Join(", ", host.Urls), host.Options.TaskHubName));
            Console.WriteLine(texts.Format("host.portal", host.Urls[0]));
            Console.WriteLine(texts["host.stopHint"]);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine(texts["host.stopping"]);
            }

            await host.StopAsync(CancellationToken.None);
            Console.WriteLine(texts["host.stopped"]);
            return 0;
        });
        return command;
    }
}
