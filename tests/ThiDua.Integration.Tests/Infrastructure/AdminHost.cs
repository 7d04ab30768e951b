using ThiDua.Api.Identity;
using ThiDua.LocalHost;
using ThiDua.Storage;

namespace ThiDua.Integration.Tests.Infrastructure;

/// <summary>
/// Starts <c>thidua host</c> in a process of its own (<see cref="HostProcess"/>) with a council staff
/// token for <see cref="HostProcess.AdminClient"/> issued in the storage it uses.
/// </summary>
internal static class AdminHost
{
    /// <summary>Starts the host with <paramref name="environment"/> and waits until its API, sidecar and storage answer.</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        // The probe routes the readiness check uses admit council staff only. A host on configured
        // storage gets its token there before it starts; a host that runs its own Azurite in its
        // state folder names that storage in host.json once it serves.
        var adminToken = environment.TryGetValue("AzureWebJobsStorage", out var storage)
            ? await IssueAdminTokenAsync(storage, environment, cancellationToken)
            : null;
        return await HostProcess.StartAsync(
            new HostProcessOptions
            {
                Environment = environment,
                IssueAdminToken = async (host, ct) => adminToken
                    ?? await IssueAdminTokenAsync((await WaitForRegistrationAsync(host, environment["ThiDua__StateDirectory"], ct)).StorageConnectionString, environment, ct),
            },
            cancellationToken);
    }

    static async Task<string> IssueAdminTokenAsync(string connectionString, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var tokens = new TokenStore(new ThiDuaStorageOptions
        {
            ConnectionString = connectionString,
            TablePrefix = environment.GetValueOrDefault("ThiDua__Storage__TablePrefix") ?? new ThiDuaStorageOptions().TablePrefix,
        });
        await tokens.InitializeAsync(cancellationToken);
        return (await tokens.IssueAsync(Caller.Admin, TimeSpan.FromHours(1), "integration tests", cancellationToken)).Token;
    }

    /// <summary>The host.json the host writes in its state folder once it serves.</summary>
    static async Task<LocalHostRegistration> WaitForRegistrationAsync(HostProcess host, string stateDirectory, CancellationToken cancellationToken)
    {
        while (true)
        {
            host.ThrowIfExited();
            if (LocalHostRegistration.Read(stateDirectory) is { } registration && registration.ProcessId == host.ProcessId)
            {
                return registration;
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
