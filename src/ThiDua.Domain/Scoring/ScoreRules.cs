namespace ThiDua.Domain;

/// <summary>
/// Rules of self-assessment: validating a submission or an adjustment, and computing totals.
/// Decision: every regular criterion must have a line (a unit claiming nothing on a line sends 0),
/// so that a forgotten line is caught when submitting rather than silently scored 0; bonus and
/// penalty lines are optional. A reason is required on a bonus or penalty line with points above 0.
/// </summary>
public static class ScoreRules
{
    /// <summary>Longest reason accepted.</summary>
    public const int MaxReasonLength = 2000;

    /// <summary>Most evidence documents per submission.</summary>
    public const int MaxEvidence = 50;

    /// <summary>
    /// Every problem of <paramref name="submission"/> for <paramref name="campaign"/>, all at once,
    /// with field paths such as <c>lines[2].points</c>; empty when valid. The deadline is checked
    /// separately (<see cref="CampaignSchedule.IsScoringClosed"/>), by whoever knows the time.
    /// </summary>
    public static IReadOnlyList<ValidationError> Validate(ScoreSubmission submission, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(campaign);
        var errors = new ErrorList();
        if (!string.Equals(submission.BlocId, campaign.BlocId, StringComparison.Ordinal))
        {
            errors.Add("blocId", ErrorCodes.Mismatch, new($"Năm thi đua này thuộc khối '{campaign.BlocId}'.", $"This campaign is of bloc '{campaign.BlocId}'."));
        }

        if (submission.Year != campaign.Year)
        {
            errors.Add("year", ErrorCodes.Mismatch, new($"Năm thi đua này là năm {campaign.Year}.", $"This campaign is of year {campaign.Year}."));
        }

        errors.Id("unitId", submission.UnitId);
        if (Identifier.IsValid(submission.UnitId) && campaign.FindMember(submission.UnitId) is null)
        {
            errors.Add("unitId", ErrorCodes.Unknown, new($"'{submission.UnitId}' không phải là đơn vị thành viên của năm thi đua này.", $"'{submission.UnitId}' is not a member of this campaign."));
        }

        errors.Id("clientRequestId", submission.ClientRequestId);

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var lines = submission.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            var line = errors.Under(ErrorList.Item("lines", i));
            if (lines[i] is not { } l)
            {
                line.Add("", ErrorCodes.Required, new("Dòng điểm không được để trống (null).", "A line must not be null."));
                continue;
            }

            var criterion = campaign.Criteria.Find(l.CriterionId);
            if (criterion is null)
            {
                line.Add("criterionId", ErrorCodes.Unknown, new($"Bảng tiêu chí chấm điểm của năm thi đua này không có tiêu chí '{l.CriterionId}'.", $"No criterion '{l.CriterionId}' in this campaign's criteria."));
            }
            else if (!claimed.Add(criterion.Id))
            {
                line.Add("criterionId", ErrorCodes.Duplicate, new($"Tiêu chí '{criterion.Id}' có nhiều hơn một dòng điểm.", $"Criterion '{criterion.Id}' has more than one line."));
            }

            CheckPoints(line, "points", l.Points, criterion);
            var before = errors.Errors.Count;
            line.OptionalText("reason", l.Reason, MaxReasonLength, multiline: true);
            if (errors.Errors.Count == before && criterion is { Kind: not CriterionKind.Regular } && l.Points > 0 && string.IsNullOrWhiteSpace(l.Reason))
            {
                line.Add("reason", ErrorCodes.Required, criterion.Kind == CriterionKind.Bonus
                    ? new("Điểm thưởng phải có lý do.", "Bonus points need a reason.")
                    : new("Điểm trừ phải có lý do.", "Penalty points need a reason."));
            }
        }

        foreach (var missing in campaign.Criteria.Criteria.Where(c => c.Kind == CriterionKind.Regular && !claimed.Contains(c.Id)))
        {
            errors.Add("lines", ErrorCodes.MissingCriterion, new($"Tiêu chí '{missing.Id}' chưa có điểm (ghi 0 nếu không đạt điểm).", $"Criterion '{missing.Id}' has no line (send 0 to claim no points)."));
        }

        var evidence = submission.Evidence ?? [];
        if (evidence.Count > MaxEvidence)
        {
            errors.Add("evidence", ErrorCodes.OutOfRange, new($"Tối đa {MaxEvidence} tài liệu minh chứng.", $"At most {MaxEvidence} documents."));
        }

        for (var i = 0; i < evidence.Count; i++)
        {
            var e = errors.Under(ErrorList.Item("evidence", i));
            if (evidence[i] is not { } doc)
            {
                e.Add("", ErrorCodes.Required, new("Tài liệu minh chứng không được để trống (null).", "An evidence reference must not be null."));
                continue;
            }

            e.Id("evidenceId", doc.EvidenceId);
            e.Text("fileName", doc.FileName, 255);
            e.Text("contentType", doc.ContentType, 255);
            if (doc.SizeBytes < 0)
            {
                e.Add("sizeBytes", ErrorCodes.OutOfRange, new("Không được là số âm.", "Must not be negative."));
            }

            if (!Hashing.IsSha256Hex(doc.Sha256))
            {
                e.Add("sha256", ErrorCodes.InvalidFormat, new("Phải gồm 64 chữ số thập lục phân viết thường.", "Must be 64 lowercase hexadecimal digits."));
            }
        }

        return errors.Errors;
    }

    /// <summary>
    /// Who reviews (may adjust) <paramref name="unitId"/>'s points in <paramref name="campaign"/>: the reviewing
    /// unit's id, or null for council staff. The year's leader reviews every unit but its own, a conflict of
    /// interest: that sheet goes to the deputy or to council staff as <see cref="BlocRules.OwnUnitReviewer"/>
    /// says, and to council staff when the year has no deputy.
    /// </summary>
    public static string? ReviewerOf(Campaign campaign, string unitId)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        if (!string.Equals(unitId, campaign.LeaderUnitId, StringComparison.Ordinal))
        {
            return campaign.LeaderUnitId;
        }

        return campaign.Rules.OwnUnitReviewer == OwnUnitReviewer.Deputy ? campaign.DeputyUnitId : null;
    }

    /// <summary>
    /// Every problem of <paramref name="adjustment"/> for <paramref name="campaign"/>; empty when valid.
    /// The review window is checked separately (<see cref="CampaignSchedule.IsInReviewWindow"/>).
    /// </summary>
    public static IReadOnlyList<ValidationError> Validate(ScoreAdjustment adjustment, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        ArgumentNullException.ThrowIfNull(campaign);
        var errors = new ErrorList();
        errors.Id("unitId", adjustment.UnitId);
        if (Identifier.IsValid(adjustment.UnitId) && campaign.FindMember(adjustment.UnitId) is null)
        {
            errors.Add("unitId", ErrorCodes.Unknown, new($"'{adjustment.UnitId}' không phải là đơn vị thành viên của năm thi đua này.", $"'{adjustment.UnitId}' is not a member of this campaign."));
        }

        var criterion = campaign.Criteria.Find(adjustment.CriterionId);
        if (criterion is null)
        {
            errors.Add("criterionId", ErrorCodes.Unknown, new($"Bảng tiêu chí chấm điểm của năm thi đua này không có tiêu chí '{adjustment.CriterionId}'.", $"No criterion '{adjustment.CriterionId}' in this campaign's criteria."));
        }

        CheckPoints(errors, "newPoints", adjustment.NewPoints, criterion);
        errors.Text("reason", adjustment.Reason, MaxReasonLength, multiline: true);
        errors.Id("adjustedBy", adjustment.AdjustedBy);
        return errors.Errors;
    }

    /// <summary>
    /// Totals of <paramref name="lines"/>: regular + bonus − penalty. Lines of criteria not in
    /// <paramref name="table"/> are ignored (validation refuses them before they are stored).
    /// </summary>
    public static ScoreTotals ComputeTotals(CriteriaTable table, IEnumerable<ScoreLine> lines)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(lines);
        decimal regular = 0, bonus = 0, penalty = 0;
        foreach (var line in lines)
        {
            switch (table.Find(line.CriterionId)?.Kind)
            {
                case CriterionKind.Regular:
                    regular += line.Points;
                    break;
                case CriterionKind.Bonus:
                    bonus += line.Points;
                    break;
                case CriterionKind.Penalty:
                    penalty += line.Points;
                    break;
            }
        }

        return new ScoreTotals(regular, bonus, penalty, regular + bonus - penalty);
    }

    /// <summary>
    /// The stored version built from a valid <paramref name="submission"/>; throws
    /// <see cref="ArgumentException"/> listing the problems when it is not valid.
    /// </summary>
    public static ScoreSheet CreateSheet(ScoreSubmission submission, Campaign campaign, int version, DateTimeOffset submittedAt)
    {
        var errors = Validate(submission, campaign);
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                "Invalid submission: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message.English}")),
                nameof(submission));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return new ScoreSheet
        {
            BlocId = submission.BlocId,
            Year = submission.Year,
            UnitId = submission.UnitId,
            Version = version,
            ClientRequestId = submission.ClientRequestId,
            Lines = submission.Lines,
            Evidence = submission.Evidence,
            Totals = ComputeTotals(campaign.Criteria, submission.Lines),
            SubmittedAt = submittedAt.ToUniversalTime(),
        };
    }

    /// <summary>The version that counts: the highest version number, or null when there is none.</summary>
    public static ScoreSheet? Latest(IEnumerable<ScoreSheet> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        return versions.MaxBy(s => s.Version);
    }

    /// <summary>
    /// The lines that count for <paramref name="sheet"/>: its lines with the adjustments of its unit
    /// applied in time order (a later adjustment of the same criterion wins; an adjustment of a
    /// criterion without a line adds one). Each adjusted line carries the adjustment's reason.
    /// </summary>
    public static IReadOnlyList<ScoreLine> EffectiveLines(ScoreSheet sheet, IEnumerable<ScoreAdjustment> adjustments)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(adjustments);
        var lines = sheet.Lines.ToList();
        var ordered = adjustments
            .Where(a => string.Equals(a.UnitId, sheet.UnitId, StringComparison.Ordinal))
            .Select((a, i) => (a, i))
            .OrderBy(x => x.a.AdjustedAt)
            .ThenBy(x => x.i)
            .Select(x => x.a);
        foreach (var a in ordered)
        {
            var adjusted = new ScoreLine(a.CriterionId, a.NewPoints, a.Reason);
            var index = lines.FindIndex(l => string.Equals(l.CriterionId, a.CriterionId, StringComparison.Ordinal));
            if (index >= 0)
            {
                lines[index] = adjusted;
            }
            else
            {
                lines.Add(adjusted);
            }
        }

        return lines;
    }

    /// <summary>Totals of <paramref name="sheet"/> after its unit's adjustments.</summary>
    public static ScoreTotals EffectiveTotals(CriteriaTable table, ScoreSheet sheet, IEnumerable<ScoreAdjustment> adjustments) =>
        ComputeTotals(table, EffectiveLines(sheet, adjustments));

    /// <summary>
    /// Points from 0 to the criterion's maximum. <c>-0</c> is refused, not read as 0: a decimal keeps its
    /// sign, so it would be stored and archived as a negative zero, and a client that sends it has a sign bug.
    /// </summary>
    private static void CheckPoints(ErrorList errors, string field, decimal points, Criterion? criterion)
    {
        if (points == 0 && decimal.IsNegative(points))
        {
            errors.Add(field, ErrorCodes.OutOfRange, new("Không được là số âm; giá trị đã gửi là -0 (ghi 0 nếu không đạt điểm).", "Must not be negative, got -0 (send 0 to claim no points)."));
        }
        else if (points < 0)
        {
            errors.Add(field, ErrorCodes.OutOfRange, new(
                $"Không được là số âm; giá trị đã gửi là {Points.Format(points)} (điểm trừ được ghi bằng số dương).",
                $"Must not be negative, got {Points.Format(points)} (penalty points are given as a positive number)."));
        }
        else if (criterion is not null && points > criterion.MaxPoints)
        {
            errors.Add(field, ErrorCodes.OutOfRange, new(
                $"Tiêu chí '{criterion.Id}' tối đa {Points.Format(criterion.MaxPoints)} điểm; giá trị đã gửi là {Points.Format(points)}.",
                $"Must be at most {Points.Format(criterion.MaxPoints)} for criterion '{criterion.Id}', got {Points.Format(points)}."));
        }
    }
}
