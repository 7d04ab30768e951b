namespace ThiDua.Domain;

/// <summary>Choosing next year's leader and deputy.</summary>
public static class LeaderRules
{
    /// <summary>
    /// Rotation: the leader is the next unit after <paramref name="currentLeaderId"/> in the bloc's
    /// <see cref="Bloc.RotationOrder"/> that is still an active member, the deputy the next one after
    /// the leader. Units no longer members, or inactive in <paramref name="units"/>, are skipped.
    /// Decision: active members missing from the rotation order follow it in unit-id order, so a
    /// new member takes its turn; when the current leader is not in the order at all, the rotation
    /// starts from its beginning. With a single eligible unit it stays leader and there is no deputy.
    /// </summary>
    public static LeaderChoice ByRotation(Bloc bloc, IEnumerable<MemberUnit> units, string currentLeaderId)
    {
        ArgumentNullException.ThrowIfNull(bloc);
        ArgumentNullException.ThrowIfNull(units);
        var inactive = units.Where(u => !u.Active).Select(u => u.UnitId).ToHashSet(StringComparer.Ordinal);
        var active = bloc.MemberUnitIds.Where(id => !inactive.Contains(id)).ToHashSet(StringComparer.Ordinal);
        return ByRotation(bloc.RotationOrder, active, currentLeaderId);
    }

    /// <summary>Rotation over <paramref name="rotationOrder"/> among <paramref name="activeMemberIds"/>; see the other overload.</summary>
    public static LeaderChoice ByRotation(IReadOnlyList<string> rotationOrder, IReadOnlySet<string> activeMemberIds, string currentLeaderId)
    {
        ArgumentNullException.ThrowIfNull(rotationOrder);
        ArgumentNullException.ThrowIfNull(activeMemberIds);
        if (activeMemberIds.Count == 0)
        {
            throw new InvalidOperationException("The bloc has no active member to lead it.");
        }

        var order = rotationOrder.Distinct(StringComparer.Ordinal).ToList();
        order.AddRange(activeMemberIds.Where(id => !order.Contains(id, StringComparer.Ordinal)).Order(StringComparer.Ordinal));
        var start = order.IndexOf(currentLeaderId);
        var leader = NextActive(order, start, activeMemberIds)!;
        var deputy = NextActive(order, order.IndexOf(leader), activeMemberIds);
        return new LeaderChoice(leader, string.Equals(deputy, leader, StringComparison.Ordinal) ? null : deputy);
    }

    /// <summary>
    /// The candidates electing next year's <paramref name="purpose"/> (leader or deputy): the nominees who did not
    /// decline, in nomination order; every member, in the campaign's order, when nobody was nominated. <paramref name="excluded"/> (the newly
    /// elected leader, in a deputy vote) is never a candidate. A single candidate makes the vote an acclamation.
    /// </summary>
    public static IReadOnlyList<string> Candidates(Campaign campaign, VotePurpose purpose, IEnumerable<Nomination> nominations, string? excluded)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(nominations);
        if (purpose == VotePurpose.LeadingUnit)
        {
            throw new ArgumentException("The leading-unit candidates come from the ranking (VoteRules.LeadingUnitRound).", nameof(purpose));
        }

        var members = campaign.Members.Select(m => m.UnitId).ToHashSet(StringComparer.Ordinal);
        var all = nominations.Where(n => n.Purpose == purpose && members.Contains(n.UnitId)).ToList();
        var standing = all.Where(n => !n.Declined)
            .OrderBy(n => n.NominatedAt).ThenBy(n => n.UnitId, StringComparer.Ordinal)
            .Select(n => n.UnitId)
            .Where(id => !string.Equals(id, excluded, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (standing.Count > 0 || all.Count > 0)
        {
            // Nominations were made: the ballot lists only who stands, even when everyone declined.
            return standing;
        }

        return campaign.Members.Select(m => m.UnitId).Where(id => !string.Equals(id, excluded, StringComparison.Ordinal)).ToList();
    }

    /// <summary>
    /// A round electing next year's <paramref name="purpose"/> (leader or deputy) among
    /// <paramref name="candidates"/>, every member of <paramref name="campaign"/> eligible.
    /// A single candidate makes it an acclamation (suy tôn).
    /// </summary>
    public static VoteRound ElectionRound(Campaign campaign, VotePurpose purpose, IReadOnlyList<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(candidates);
        if (purpose == VotePurpose.LeadingUnit)
        {
            throw new ArgumentException("Use VoteRules.LeadingUnitRound for the leading-unit vote.", nameof(purpose));
        }

        var unknown = candidates.FirstOrDefault(c => campaign.FindMember(c) is null);
        if (candidates.Count == 0 || unknown is not null || candidates.Distinct(StringComparer.Ordinal).Count() != candidates.Count)
        {
            throw new ArgumentException(
                unknown is null ? "Candidates must be distinct and at least one." : $"Candidate '{unknown}' is not a member.",
                nameof(candidates));
        }

        return new VoteRound
        {
            BlocId = campaign.BlocId,
            Year = campaign.Year,
            Purpose = purpose,
            RoundNumber = 1,
            Candidates = candidates,
            EligibleVoters = campaign.Members.Count,
        };
    }

    private static string? NextActive(List<string> order, int after, IReadOnlySet<string> active)
    {
        for (var step = 1; step <= order.Count; step++)
        {
            var candidate = order[(((after + step) % order.Count) + order.Count) % order.Count];
            if (active.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
