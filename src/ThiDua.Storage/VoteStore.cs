using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>A vote round as opened.</summary>
/// <param name="Round">The round (key, purpose, number, candidates, number of eligible voters).</param>
/// <param name="EligibleUnitIds">The units entitled to vote.</param>
/// <param name="ClosesAt">When the round closes.</param>
public sealed record OpenedVoteRound(VoteRound Round, IReadOnlyList<string> EligibleUnitIds, DateTimeOffset ClosesAt);

/// <summary>A ballot as stored: no voter, no time of its own.</summary>
/// <param name="BallotId">The random id.</param>
/// <param name="Choice">The candidate, or null for an abstention.</param>
/// <param name="Receipt">The receipt hash given to the voter.</param>
public sealed record StoredBallot(string BallotId, string? Choice, string Receipt);

/// <summary>Outcome of casting a ballot.</summary>
public enum CastOutcome
{
    /// <summary>The ballot is counted and the unit is recorded as having voted.</summary>
    Cast,

    /// <summary>The unit has voted in this round already: nothing changed.</summary>
    AlreadyVoted,

    /// <summary>The round is closed or was never opened: nothing changed.</summary>
    RoundClosed,

    /// <summary>Another ballot has this random id (choose another and retry): nothing changed.</summary>
    BallotIdTaken,
}

/// <summary>Secret ballots: one per unit and round, never linked to their voter in storage.</summary>
public interface IVoteStore
{
    /// <summary>
    /// Opens the round: its record and its window, atomically and once. A retry with the same
    /// round is <see cref="InsertOnceOutcome.AlreadyInserted"/> (a closed round stays closed);
    /// another round under the same key is <see cref="InsertOnceOutcome.Conflict"/>.
    /// </summary>
    Task<InsertOnceOutcome> OpenRoundAsync(OpenedVoteRound round, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The round, or null.</summary>
    Task<OpenedVoteRound?> GetRoundAsync(string roundKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Casts <paramref name="ballot"/> for <paramref name="voterUnitId"/>: exactly one ballot per unit
    /// and round, also under concurrent requests. <paramref name="receipt"/> must be
    /// <see cref="VoteRules.Receipt"/> of the ballot. Who may vote and for whom is checked by the caller.
    /// </summary>
    Task<CastOutcome> CastAsync(string voterUnitId, Ballot ballot, string receipt, CancellationToken cancellationToken = default);

    /// <summary>True when the unit has voted in the round.</summary>
    Task<bool> HasVotedAsync(string roundKey, string unitId, CancellationToken cancellationToken = default);

    /// <summary>Units that voted, ordered by id.</summary>
    Task<IReadOnlyList<string>> ListVotersAsync(string roundKey, CancellationToken cancellationToken = default);

    /// <summary>Every ballot of the round, ordered by ballot id (which is random, so the order says nothing).</summary>
    Task<IReadOnlyList<StoredBallot>> ListBallotsAsync(string roundKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes the round: from the moment this returns every <see cref="CastAsync"/> is
    /// <see cref="CastOutcome.RoundClosed"/>. Then rewrites every ballot row so that its timestamp
    /// no longer equals its voter row's (see <see cref="VoteStore"/>). Idempotent.
    /// </summary>
    Task<GateOutcome> CloseRoundAsync(string roundKey, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Saves the tally (the round's result) once; same content again is <see cref="InsertOnceOutcome.AlreadyInserted"/>.</summary>
    Task<InsertOnceOutcome> SaveTallyAsync(Tally tally, CancellationToken cancellationToken = default);

    /// <summary>The saved tally, or null.</summary>
    Task<Tally?> GetTallyAsync(string roundKey, CancellationToken cancellationToken = default);
}

/// <summary>
/// Table <c>Votes</c>, one partition per round (PK the round key):
/// <list type="bullet">
/// <item><c>round</c>: the round as JSON, ClosesAt;</item>
/// <item><c>voter:{unitId}</c>: no column at all: only that the unit voted;</item>
/// <item><c>ballot:{ballotId}</c>: Choice (absent for an abstention) and Receipt: no voter, no time;</item>
/// <item><c>tally</c>: the tally as JSON;</item>
/// <item><c>gate</c>, <c>gate-opened</c>, <c>gate-closed</c>: the round's window.</item>
/// </list>
/// Casting is one entity group transaction [insert voter row, insert ballot row, touch gate]: both
/// rows or neither, so 50 parallel casts by one unit leave one voter row and one ballot, and the
/// others fail on the voter row (409) without writing anything.
/// <para>
/// Linkability accepted: rows written in one transaction share their service-set Timestamp (and
/// the ETag that encodes it), so while the round is open someone reading the raw table could pair a
/// voter row with a ballot row by timestamp. Splitting the two writes would remove that but lose
/// the atomicity that makes one-ballot-per-unit hold under crashes and concurrency, which matters
/// more. The application never reads Timestamps, the link lasts only until
/// <see cref="CloseRoundAsync"/> rewrites every ballot row (the timestamps then say when the
/// round closed), and whoever reads raw tables during a vote holds the account key anyway.
/// </para>
/// </summary>
public sealed class VoteStore(ThiDuaStorage storage) : IVoteStore
{
    private const string RoundRow = "round";
    private const string TallyRow = "tally";
    private const string VoterPrefix = "voter:";
    private const string BallotPrefix = "ballot:";
    private const int MaxBatch = 100;
    private readonly TableClient _table = storage.Table(StorageTable.Votes);

    /// <inheritdoc/>
    public async Task<InsertOnceOutcome> OpenRoundAsync(OpenedVoteRound round, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        var pk = Keys.Id(round.Round.RoundKey, nameof(round));
        foreach (var id in round.EligibleUnitIds.Concat(round.Round.Candidates))
        {
            Keys.Id(id, nameof(round));
        }

        var row = new TableEntity(pk, RoundRow) { ["ClosesAt"] = round.ClosesAt };
        JsonColumns.Write(row, round);
        try
        {
            await _table.SubmitTransactionAsync(
                [new(TableTransactionActionType.Add, row), .. Gate.OpenActions(pk, at)],
                cancellationToken);
            return InsertOnceOutcome.Inserted;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            var existing = await _table.GetOrNullAsync(pk, RoundRow, cancellationToken)
                ?? throw new InvalidOperationException($"Round {pk} conflicted on open but has no round row.", e);
            return InsertOnce.Compare(existing, row);
        }
    }

    /// <inheritdoc/>
    public async Task<OpenedVoteRound?> GetRoundAsync(string roundKey, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetOrNullAsync(Keys.Id(roundKey, nameof(roundKey)), RoundRow, cancellationToken);
        return row is null ? null : JsonColumns.Read<OpenedVoteRound>(row);
    }

    /// <inheritdoc/>
    public async Task<CastOutcome> CastAsync(string voterUnitId, Ballot ballot, string receipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        ArgumentException.ThrowIfNullOrWhiteSpace(receipt);
        if (!string.Equals(receipt, VoteRules.Receipt(ballot), StringComparison.Ordinal))
        {
            // Published receipts must let each voter check its ballot: a receipt is never free text.
            throw new ArgumentException("The receipt is not VoteRules.Receipt of the ballot.", nameof(receipt));
        }

        var pk = Keys.Id(ballot.RoundKey, nameof(ballot));
        var voterKey = VoterPrefix + Keys.Id(voterUnitId, nameof(voterUnitId));
        var ballotRow = new TableEntity(pk, BallotPrefix + Keys.Id(ballot.BallotId, nameof(ballot))) { ["Receipt"] = receipt };
        if (ballot.Choice is not null)
        {
            ballotRow["Choice"] = Keys.Id(ballot.Choice, nameof(ballot));
        }

        try
        {
            await _table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, new TableEntity(pk, voterKey)),
                    new(TableTransactionActionType.Add, ballotRow),
                    Gate.Check(pk),
                ],
                cancellationToken);
            return CastOutcome.Cast;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409)
        {
            if (await _table.GetOrNullAsync(pk, voterKey, cancellationToken) is not null)
            {
                return CastOutcome.AlreadyVoted;
            }

            return e.Status == 404 ? CastOutcome.RoundClosed : CastOutcome.BallotIdTaken;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> HasVotedAsync(string roundKey, string unitId, CancellationToken cancellationToken = default) =>
        await _table.GetOrNullAsync(Keys.Id(roundKey, nameof(roundKey)), VoterPrefix + Keys.Id(unitId, nameof(unitId)), cancellationToken) is not null;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListVotersAsync(string roundKey, CancellationToken cancellationToken = default)
    {
        var rows = await _table.QueryPrefixAsync(Keys.Id(roundKey, nameof(roundKey)), VoterPrefix, cancellationToken);
        return rows.Select(r => r.RowKey[VoterPrefix.Length..]).ToList();
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredBallot>> ListBallotsAsync(string roundKey, CancellationToken cancellationToken = default)
    {
        var rows = await _table.QueryPrefixAsync(Keys.Id(roundKey, nameof(roundKey)), BallotPrefix, cancellationToken);
        return rows.Select(r => new StoredBallot(r.RowKey[BallotPrefix.Length..], r.GetString("Choice"), r.GetString("Receipt"))).ToList();
    }

    /// <inheritdoc/>
    public async Task<GateOutcome> CloseRoundAsync(string roundKey, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Id(roundKey, nameof(roundKey));
        var outcome = await Gate.CloseAsync(_table, pk, at, cancellationToken);
        var ballots = await _table.QueryPrefixAsync(pk, BallotPrefix, cancellationToken);
        foreach (var chunk in ballots.Chunk(MaxBatch))
        {
            await _table.SubmitTransactionAsync(
                chunk.Select(b => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(pk, b.RowKey), ETag.All)),
                cancellationToken);
        }

        return outcome;
    }

    /// <inheritdoc/>
    public Task<InsertOnceOutcome> SaveTallyAsync(Tally tally, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return InsertOnce.InsertAsync(_table, Keys.Id(tally.RoundKey, nameof(tally)), TallyRow, tally, null, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<Tally?> GetTallyAsync(string roundKey, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetOrNullAsync(Keys.Id(roundKey, nameof(roundKey)), TallyRow, cancellationToken);
        return row is null ? null : JsonColumns.Read<Tally>(row);
    }
}
