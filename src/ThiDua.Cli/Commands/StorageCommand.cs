using System.CommandLine;
using ThiDua.Azurite;
using ThiDua.Cli.Client;
using ThiDua.LocalHost;

namespace ThiDua.Cli.Commands;

/// <summary>
/// <c>thidua storage</c>: the project's Azurite, preload included, in the foreground for operators
/// who run storage apart from hosts. On the state folder's own data it publishes itself in the
/// state folder, so hosts and commands started there join it.
/// </summary>
internal static class StorageCommand
{
    public static Command Create(Texts texts)
    {
        var location = new Option<string?>("--location") { Description = texts["storage.location"] };
        var blobPort = new Option<int>("--blob-port") { Description = texts.Format("storage.port", "Blob") };
        var queuePort = new Option<int>("--queue-port") { Description = texts.Format("storage.port", "Queue") };
        var tablePort = new Option<int>("--table-port") { Description = texts.Format("storage.port", "Table") };
        var command = new Command("storage", texts["storage.description"]) { location, blobPort, queuePort, tablePort };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var state = LocalState.Resolve();
            var data = Path.GetFullPath(parseResult.GetValue(location) ?? Path.Combine(state.Directory, "azurite"));
            await using var azurite = await AzuriteLauncher.StartAsync(
                new AzuriteOptions
                {
                    RepositoryRoot = state.Configuration["ThiDua:RepositoryRoot"] is { Length: > 0 } root ? root : null,
                    DataDirectory = data,
                    BlobPort = parseResult.GetValue(blobPort),
                    QueuePort = parseResult.GetValue(queuePort),
                    TablePort = parseResult.GetValue(tablePort),
                },
                cancellationToken: cancellationToken);
            var ownsStateData = data == Path.GetFullPath(Path.Combine(state.Directory, "azurite"));
            if (ownsStateData)
            {
                new StorageRegistration(Environment.ProcessId, azurite.ConnectionString).Write(state.Directory);
            }

            Console.WriteLine(texts.Format("storage.running", data));
            Console.WriteLine(texts.Format("storage.connection", azurite.ConnectionString));
            Console.WriteLine(texts.Format("storage.join", state.Directory));
            Console.WriteLine(texts["host.stopHint"]);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine(texts["host.stopping"]);
            }
            finally
            {
                if (ownsStateData)
                {
                    StorageRegistration.Remove(state.Directory, Environment.ProcessId);
                }
            }

            Console.WriteLine(texts["host.stopped"]);
            return 0;
        });
        return command;
    }
}
