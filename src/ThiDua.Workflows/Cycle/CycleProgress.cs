using ThiDua.Domain;
using ThiDua.Storage;
using ThiDua.Workflows.Activities;

namespace ThiDua.Workflows.Cycle;

/// <summary>
/// Who has not acted yet, read from storage: the one reading behind the workflow's waits and the
/// API's status, so that both say the same thing at every moment. Lists are in the campaign's member order.
/// </summary>
public static class CycleProgress
{
    /// <summary>Members with no recorded signature of the compact.</summary>
    public static async Task<IReadOnlyList<string>> NotSignedAsync(Campaign campaign, ISignatureStore signatures, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(signatures);
        var signed = (await signatures.ListAsync(campaign.BlocId, campaign.Year, cancellationToken)).Select(s => s.UnitId).ToHashSet(StringComparer.Ordinal);
        return campaign.MemberIds().Where(u => !signed.Contains(u)).ToList();
    }

    /// <summary>Members that have not submitted a self-assessment.</summary>
    public static async Task<IReadOnlyList<string>> NotSubmittedAsync(Campaign campaign, IScoreSheets sheets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(sheets);
        var submitted = (await sheets.ListLatestAsync(campaign.BlocId, campaign.Year, cancellationToken)).Select(s => s.UnitId).ToHashSet(StringComparer.Ordinal);
        return campaign.MemberIds().Where(u => !submitted.Contains(u)).ToList();
    }

    /// <summary>Eligible units of an opened round that have not voted in it (from the voter rows, never the ballots).</summary>
    public static async Task<IReadOnlyList<string>> NotVotedAsync(OpenedVoteRound round, IVoteStore votes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(votes);
        var voters = (await votes.ListVotersAsync(round.Round.RoundKey, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return round.EligibleUnitIds.Where(u => !voters.Contains(u)).ToList();
    }

    /// <summary>The most rounds one vote can have (the first and its runoffs), whatever a bloc's rules say.</summary>
    public const int MaxVoteRounds = 20;

    /// <summary>The latest opened round of the vote (runoffs open one after another), or null.</summary>
    public static async Task<OpenedVoteRound?> CurrentRoundAsync(IVoteStore votes, Campaign campaign, VotePurpose purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(votes);
        ArgumentNullException.ThrowIfNull(campaign);
        OpenedVoteRound? current = null;
        var rounds = Math.Min(MaxVoteRounds, campaign.Rules.Voting.MaxRunoffs + 1);
        for (var n = 1; n <= rounds; n++)
        {
            var key = VoteRound.KeyOf(campaign.BlocId, campaign.Year, purpose, n);
            if (await votes.GetRoundAsync(key, cancellationToken) is not { } opened)
            {
                break;
            }

            current = opened;
        }

        return current;
    }
}
