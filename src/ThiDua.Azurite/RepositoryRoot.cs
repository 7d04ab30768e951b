using System.Text.Json;

namespace ThiDua.Azurite;

/// <summary>Finds the repository folder whose package.json pins the Azurite emulator.</summary>
public static class RepositoryRoot
{
    /// <summary>
    /// Returns <paramref name="configured"/> when given, otherwise the nearest folder above the
    /// application folder or the current directory whose package.json lists azurite.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder exists.</exception>
    public static string Locate(string? configured = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            if (!PinsAzurite(full))
            {
                throw new DirectoryNotFoundException($"'{full}' has no package.json that pins azurite.");
            }

            return full;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (PinsAzurite(dir.FullName))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException(
            "No package.json pinning azurite was found above the application folder or the current directory; set ThiDua:RepositoryRoot.");
    }

    static bool PinsAzurite(string directory)
    {
        var packageJson = Path.Combine(directory, "package.json");
        if (!File.Exists(packageJson))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
            foreach (var section in new[] { "devDependencies", "dependencies" })
            {
                if (document.RootElement.TryGetProperty(section, out var deps)
                    && deps.ValueKind == JsonValueKind.Object
                    && deps.TryGetProperty("azurite", out _))
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }
}
