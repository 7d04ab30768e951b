namespace ThiDua.LocalHost;

/// <summary>
/// What a running local host publishes in its state folder (<c>host.json</c>) so that admin tools
/// (<c>thidua token</c>) reach the same storage instead of starting a second Azurite on the same data,
/// and API commands find its address. Removed when the host stops; ignored when its process is gone.
/// </summary>
/// <param name="Url">The API's address.</param>
/// <param name="ProcessId">The host's process.</param>
/// <param name="StorageConnectionString">Azurite's connection string (the well-known development key).</param>
/// <param name="TaskHubName">The task hub.</param>
public sealed record LocalHostRegistration(Uri Url, int ProcessId, string StorageConnectionString, string TaskHubName)
{
    const string FileName = "host.json";

    /// <summary>The registration of a host that is running on <paramref name="stateDirectory"/>, or null.</summary>
    public static LocalHostRegistration? Read(string stateDirectory) =>
        StateFile.Read<LocalHostRegistration>(stateDirectory, FileName, r => r.ProcessId);

    internal void Write(string stateDirectory) => StateFile.Write(stateDirectory, FileName, this);

    internal static void Remove(string stateDirectory, int processId) =>
        StateFile.Remove<LocalHostRegistration>(stateDirectory, FileName, r => r.ProcessId, processId);
}
