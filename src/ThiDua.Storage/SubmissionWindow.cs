using Azure.Data.Tables;
using ThiDua.Storage.Internal;

namespace ThiDua.Storage;

/// <summary>The window in which a campaign's score sheets are accepted: opened once at launch, closed once at the deadline.</summary>
public interface ISubmissionWindow
{
    /// <summary>Opens submissions for the campaign (once; a closed window never reopens).</summary>
    Task<GateOutcome> OpenAsync(string blocId, int year, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Closes submissions: from the moment this returns, every <see cref="IScoreSheets.SubmitAsync"/> is <see cref="SubmissionOutcome.Closed"/>.</summary>
    Task<GateOutcome> CloseAsync(string blocId, int year, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>True while submissions are open.</summary>
    Task<bool> IsOpenAsync(string blocId, int year, CancellationToken cancellationToken = default);
}

/// <summary>
/// The rows <c>gate</c>, <c>gate-opened</c>, <c>gate-closed</c> of the campaign's partition of table <c>Scores</c>
/// (<see cref="Gate"/>); every submission transaction checks <c>gate</c>, so none is stored after the close.
/// </summary>
/// <param name="storage">The storage account.</param>
/// <param name="sheets">The sheets of this process, which forget a campaign's units once it closes.</param>
public sealed class SubmissionWindow(ThiDuaStorage storage, ScoreSheets sheets) : ISubmissionWindow
{
    private readonly TableClient _table = storage.Table(StorageTable.Scores);

    /// <inheritdoc/>
    public Task<GateOutcome> OpenAsync(string blocId, int year, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Gate.OpenAsync(_table, Keys.Campaign(blocId, year), at, cancellationToken);

    /// <inheritdoc/>
    public async Task<GateOutcome> CloseAsync(string blocId, int year, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var pk = Keys.Campaign(blocId, year);
        var outcome = await Gate.CloseAsync(_table, pk, at, cancellationToken);
        sheets.ForgetCampaign(pk);
        return outcome;
    }

    /// <inheritdoc/>
    public Task<bool> IsOpenAsync(string blocId, int year, CancellationToken cancellationToken = default) =>
        Gate.IsOpenAsync(_table, Keys.Campaign(blocId, year), cancellationToken);
}
