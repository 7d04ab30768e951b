namespace ThiDua.Domain;

public sealed partial record Ranking
{
    /// <summary>
    /// Ranks every member of <paramref name="campaign"/> by the latest version of its score sheet
    /// with the leader's adjustments applied, in the order of the campaign's
    /// <see cref="BlocRules.RankingOrder"/> (default: higher total, fewer penalty points, earlier
    /// final submission), the unit id settling anything still tied. Members that never submitted
    /// come after all others with total 0 and <see cref="RankedUnit.Submitted"/> false. Sheets of
    /// another bloc or year and sheets and adjustments of units that are not members are ignored;
    /// adjustments of a unit without a sheet are ignored too (there is nothing to adjust).
    /// </summary>
    public static Ranking Compute(Campaign campaign, IEnumerable<ScoreSheet> sheets, IEnumerable<ScoreAdjustment> adjustments)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(sheets);
        ArgumentNullException.ThrowIfNull(adjustments);
        var adjustmentList = adjustments.ToList();
        var latest = sheets
            .Where(s => string.Equals(s.BlocId, campaign.BlocId, StringComparison.Ordinal) && s.Year == campaign.Year)
            .GroupBy(s => s.UnitId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ScoreRules.Latest(g)!, StringComparer.Ordinal);

        var unranked = campaign.Members.Select(m =>
        {
            if (!latest.TryGetValue(m.UnitId, out var sheet))
            {
                return new RankedUnit { Rank = 0, UnitId = m.UnitId, Name = m.Name, Total = 0, PenaltyPoints = 0, Submitted = false };
            }

            var totals = ScoreRules.EffectiveTotals(campaign.Criteria, sheet, adjustmentList);
            return new RankedUnit
            {
                Rank = 0,
                UnitId = m.UnitId,
                Name = m.Name,
                Total = totals.Total,
                PenaltyPoints = totals.Penalty,
                FinalSubmittedAt = sheet.SubmittedAt,
                Submitted = true,
            };
        });

        var order = EffectiveOrder(campaign.Rules.RankingOrder);
        var comparer = new EntryComparer(order);
        var entries = unranked.Order(comparer).Select((e, i) => e with { Rank = i + 1 }).ToList();
        return new Ranking { Entries = entries, Order = order };
    }

    /// <summary>
    /// Candidates for the leading-unit vote: the first <paramref name="count"/> units that submitted,
    /// plus every further unit tied with the last of them on all configured ranking keys. Decision:
    /// the bloc's own tie-breaks decide who is ahead, but the unit id, an arbitrary last resort, never
    /// keeps a unit off the ballot. Units that never submitted are never candidates.
    /// </summary>
    public IReadOnlyList<string> SelectCandidates(int count)
    {
        var submitted = Entries.Where(e => e.Submitted).ToList();
        if (count <= 0 || submitted.Count == 0)
        {
            return [];
        }

        if (submitted.Count <= count)
        {
            return submitted.Select(e => e.UnitId).ToList();
        }

        var substantive = new EntryComparer(Order.Where(k => k != RankingKey.UnitId).ToList());
        var cutoff = submitted[count - 1];
        return submitted
            .Where((e, i) => i < count || substantive.Compare(e, cutoff) == 0)
            .Select(e => e.UnitId)
            .ToList();
    }

    /// <summary>The entry of <paramref name="unitId"/>, or null.</summary>
    public RankedUnit? Find(string? unitId) => Entries.FirstOrDefault(e => string.Equals(e.UnitId, unitId, StringComparison.Ordinal));

    private static List<RankingKey> EffectiveOrder(IReadOnlyList<RankingKey> configured)
    {
        var order = configured.Distinct().Where(k => k != RankingKey.UnitId).ToList();
        order.Add(RankingKey.UnitId);
        return order;
    }

    private sealed class EntryComparer(IReadOnlyList<RankingKey> order) : IComparer<RankedUnit>
    {
        public int Compare(RankedUnit? x, RankedUnit? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);

            // Submitting at all comes before every configured key.
            var result = y.Submitted.CompareTo(x.Submitted);
            foreach (var key in order)
            {
                if (result != 0)
                {
                    return result;
                }

                result = key switch
                {
                    RankingKey.Total => y.Total.CompareTo(x.Total),
                    RankingKey.FewerPenaltyPoints => x.PenaltyPoints.CompareTo(y.PenaltyPoints),
                    RankingKey.EarlierFinalSubmission => Nullable.Compare(x.FinalSubmittedAt, y.FinalSubmittedAt),
                    RankingKey.UnitId => string.CompareOrdinal(x.UnitId, y.UnitId),
                    _ => 0,
                };
            }

            return result;
        }
    }
}
