namespace ThiDua.Storage;

/// <summary>A record would exceed a Table Storage limit (entity size, property size, property count).</summary>
public sealed class StorageLimitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageLimitException()
    {
    }

    /// <summary>Creates the exception with a message saying which limit and by how much.</summary>
    public StorageLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StorageLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
