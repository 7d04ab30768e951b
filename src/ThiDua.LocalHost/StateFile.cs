using System.Diagnostics;
using System.Text.Json;

namespace ThiDua.LocalHost;

/// <summary>
/// A small JSON file a running process publishes in the state folder (<c>host.json</c>,
/// <c>storage.json</c>) so that other commands on the same folder find it. Written aside then
/// moved, removed by its owner on stop, ignored once the owning process is gone.
/// </summary>
internal static class StateFile
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static T? Read<T>(string stateDirectory, string fileName, Func<T, int> processId)
        where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(stateDirectory, fileName)), Json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }

        return value is not null && IsAlive(processId(value)) ? value : null;
    }

    public static void Write<T>(string stateDirectory, string fileName, T value)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, fileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(value, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Removes the file if <paramref name="processId"/> still owns it.</summary>
    public static void Remove<T>(string stateDirectory, string fileName, Func<T, int> owner, int processId)
        where T : class
    {
        var path = Path.Combine(stateDirectory, fileName);
        try
        {
            if (JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) is { } value && owner(value) == processId)
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
