using System.Diagnostics;
using System.Text.Json;

namespace ThiDua.LocalHost;

/// <summary>
/// What a running local host publishes in its state folder (<c>host.json</c>) so that admin tools
/// (<c>thidua token</c>) reach the same Azurite instead of starting a second one on the same data,
/// and API commands find its address. Removed when the host stops; ignored when its process is gone.
/// </summary>
/// <param name="Url">The API's address.</param>
/// <param name="ProcessId">The host's process.</param>
/// <param name="StorageConnectionString">Azurite's connection string (the well-known development key).</param>
/// <param name="TaskHubName">The task hub.</param>
public sealed record LocalHostRegistration(Uri Url, int ProcessId, string StorageConnectionString, string TaskHubName)
{
    const string FileName = "host.json";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The registration of a host that is running on <paramref name="stateDirectory"/>, or null.</summary>
    public static LocalHostRegistration? Read(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, FileName);
        LocalHostRegistration? registration;
        try
        {
            registration = JsonSerializer.Deserialize<LocalHostRegistration>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }

        return registration is not null && IsAlive(registration.ProcessId) ? registration : null;
    }

    internal void Write(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    internal static void Remove(string stateDirectory, int processId)
    {
        var path = Path.Combine(stateDirectory, FileName);
        try
        {
            if (JsonSerializer.Deserialize<LocalHostRegistration>(File.ReadAllText(path), Json)?.ProcessId == processId)
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // Nothing to remove, or someone else's: a stale file is ignored by Read anyway.
        }
    }

    static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
