namespace ThiDua.Domain;

/// <summary>Award proposals that follow the vote.</summary>
public static class NomineeRules
{
    /// <summary>
    /// The leading unit is the first flag nominee; further flag nominees (when
    /// <see cref="BlocRules.FlagNominees"/> is above 1) and then <see cref="BlocRules.MeritNominees"/>
    /// merit nominees follow in ranking order, skipping units already named and units that never
    /// submitted. Decision: with no leading unit (undecided vote) there is no flag nominee, and merit
    /// nominees are still taken from the ranking.
    /// </summary>
    public static Nominees Select(string? leadingUnitId, Ranking ranking, BlocRules rules)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(rules);
        var rest = ranking.Entries
            .Where(e => e.Submitted && !string.Equals(e.UnitId, leadingUnitId, StringComparison.Ordinal))
            .Select(e => e.UnitId)
            .ToList();
        var flag = new List<string>();
        if (leadingUnitId is not null && rules.FlagNominees > 0)
        {
            flag.Add(leadingUnitId);
            flag.AddRange(rest.Take(rules.FlagNominees - 1));
        }

        var merit = rest.Except(flag, StringComparer.Ordinal).Take(Math.Max(0, rules.MeritNominees)).ToList();
        return new Nominees(flag, merit);
    }
}
