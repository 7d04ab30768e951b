namespace ThiDua.LocalHost;

/// <summary>
/// What <c>thidua storage</c> publishes in the state folder (<c>storage.json</c>) while it runs
/// Azurite on that folder's data: hosts and commands started on the same folder join that Azurite
/// instead of starting their own.
/// </summary>
/// <param name="ProcessId">The process that owns the Azurite (the <c>thidua storage</c> command).</param>
/// <param name="ConnectionString">Azurite's connection string (the well-known development key).</param>
public sealed record StorageRegistration(int ProcessId, string ConnectionString)
{
    const string FileName = "storage.json";

    /// <summary>The registration of storage running for <paramref name="stateDirectory"/>, or null.</summary>
    public static StorageRegistration? Read(string stateDirectory) =>
        StateFile.Read<StorageRegistration>(stateDirectory, FileName, r => r.ProcessId);

    public void Write(string stateDirectory) => StateFile.Write(stateDirectory, FileName, this);

    public static void Remove(string stateDirectory, int processId) =>
        StateFile.Remove<StorageRegistration>(stateDirectory, FileName, r => r.ProcessId, processId);
}
