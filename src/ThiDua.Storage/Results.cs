using Azure;

namespace ThiDua.Storage;

/// <summary>A record as stored, with the ETag to send back for an optimistic-concurrency update.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Value">The record.</param>
/// <param name="ETag">Its current ETag.</param>
public sealed record Stored<T>(T Value, ETag ETag);

/// <summary>Outcome of a create or a conditional update.</summary>
public enum WriteOutcome
{
    /// <summary>The record was created.</summary>
    Created,

    /// <summary>The record was updated.</summary>
    Updated,

    /// <summary>A record with that key already exists; nothing changed.</summary>
    AlreadyExists,

    /// <summary>No record with that key; nothing changed.</summary>
    NotFound,

    /// <summary>The record changed since the ETag given was read (HTTP 412); nothing changed.</summary>
    ConcurrencyConflict,
}

/// <summary>Result of a create or a conditional update.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="ETag">The new ETag when <see cref="Succeeded"/>.</param>
public sealed record WriteResult(WriteOutcome Outcome, ETag? ETag = null)
{
    /// <summary>True when the record was created or updated.</summary>
    public bool Succeeded => Outcome is WriteOutcome.Created or WriteOutcome.Updated;
}

/// <summary>Outcome of an insert-once write (campaigns, results, tallies).</summary>
public enum InsertOnceOutcome
{
    /// <summary>Written now.</summary>
    Inserted,

    /// <summary>The same content was already stored (a retry): success, nothing changed.</summary>
    AlreadyInserted,

    /// <summary>Different content is already stored under that key: refused, nothing changed.</summary>
    Conflict,
}

/// <summary>Outcome of opening or closing a window (score submissions, a vote round).</summary>
public enum GateOutcome
{
    /// <summary>Opened now.</summary>
    Opened,

    /// <summary>It was already open.</summary>
    AlreadyOpen,

    /// <summary>Closed now (also when it had never been opened: it can no longer open).</summary>
    Closed,

    /// <summary>It was already closed; a closed window never opens again.</summary>
    AlreadyClosed,
}
