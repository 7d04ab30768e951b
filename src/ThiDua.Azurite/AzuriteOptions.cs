namespace ThiDua.Azurite;

/// <summary>How <see cref="AzuriteLauncher"/> starts the local Azure Storage emulator.</summary>
public sealed class AzuriteOptions
{
    /// <summary>
    /// Folder whose package.json pins azurite. When null, the launcher searches upwards from the
    /// application folder and then from the current directory.
    /// </summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Folder where Azurite keeps its data. When null, data lives in memory and is lost on stop (tests).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// Loopback ports of the Blob, Queue and Table services; 0 (the default) takes free ports. Fixed
    /// ports let an Azurite started again on the same <see cref="DataDirectory"/> keep the connection
    /// string its clients already hold (a storage outage in tests).
    /// </summary>
    public int BlobPort { get; set; }

    /// <inheritdoc cref="BlobPort"/>
    public int QueuePort { get; set; }

    /// <inheritdoc cref="BlobPort"/>
    public int TablePort { get; set; }

    /// <summary>Runs <c>npm ci</c> in the repository root when the azurite package is missing.</summary>
    public bool InstallIfMissing { get; set; } = true;

    /// <summary>How long to wait for Azurite to report its three listening ports.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <c>npm ci</c> may take before the start is abandoned.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a graceful stop may take before the process tree is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
