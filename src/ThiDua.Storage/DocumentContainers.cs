namespace ThiDua.Storage;

/// <summary>The blob containers of ThiDua (logical names; <see cref="ThiDuaStorageOptions.ContainerPrefix"/> is prepended).</summary>
public static class DocumentContainers
{
    /// <summary>Compact documents and their detached signatures (.p7s).</summary>
    public const string Compacts = "compacts";

    /// <summary>Archives of finished years: manifests, minutes, packaged records.</summary>
    public const string Archives = "archives";

    /// <summary>Evidence files attached to score sheets.</summary>
    public const string Evidence = "evidence";

    /// <summary>Other generated documents (renderings, notices).</summary>
    public const string Documents = "documents";

    /// <summary>Every container, created by <see cref="ThiDuaStorage.InitializeAsync"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [Compacts, Archives, Evidence, Documents];
}
