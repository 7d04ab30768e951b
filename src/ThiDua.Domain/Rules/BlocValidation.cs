namespace ThiDua.Domain;

public sealed partial record Bloc
{
    /// <summary>
    /// Longest bloc id: keys derived from it (campaign <c>{bloc}-{year}</c>, vote round
    /// <c>{bloc}-{year}-leading-unit-{n}</c>) must stay valid <see cref="Identifier"/>s.
    /// </summary>
    public const int MaxIdLength = 40;

    /// <summary>
    /// Most member units a bloc may have. Storage keeps one column per unit on a campaign's submission record and
    /// on its confirmation record, and a record holds at most 252; 200 leaves room for the record's own columns
    /// and is far above the largest bloc of a province (a few dozen units).
    /// </summary>
    public const int MaxMembers = 200;

    /// <summary>Every problem of this bloc, with field paths such as <c>memberUnitIds[1]</c>; empty when valid.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new ErrorList();
        errors.Id("blocId", BlocId);
        if (BlocId is { Length: > MaxIdLength })
        {
            errors.Add("blocId", ErrorCodes.OutOfRange, new($"Mã khối thi đua tối đa {MaxIdLength} ký tự.", $"A bloc id has at most {MaxIdLength} characters."));
        }

        errors.Text("name", Name, 200);
        CheckIds(errors, "memberUnitIds", MemberUnitIds);
        if (MemberUnitIds.Count > MaxMembers)
        {
            errors.Add("memberUnitIds", ErrorCodes.OutOfRange, TooManyMembers(MemberUnitIds.Count));
        }

        CheckIds(errors, "rotationOrder", RotationOrder);
        errors.Range("launchMonth", LaunchMonth, 1, 12);
        if (LaunchMonth is >= 1 and <= 12)
        {
            // A non-leap year, so that the automatic start exists every year (no 29 February).
            errors.Range("launchDay", LaunchDay, 1, DateTime.DaysInMonth(2025, LaunchMonth));
        }

        Rules.AddErrors(errors.Under("rules"));
        return errors.Errors;
    }

    /// <summary>Why a bloc of <paramref name="count"/> member units is refused (more than <see cref="MaxMembers"/>).</summary>
    public static Phrase TooManyMembers(int count) => new(
        $"Một khối thi đua có tối đa {MaxMembers} đơn vị thành viên; khối này sẽ có {count}.",
        $"A bloc has at most {MaxMembers} member units; this one would have {count}.");

    internal static void CheckIds(ErrorList errors, string field, IReadOnlyList<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            var path = ErrorList.Item(field, i);
            errors.Id(path, ids[i]);
            if (ids[i] is not null && !seen.Add(ids[i]))
            {
                errors.Add(path, ErrorCodes.Duplicate, new($"'{ids[i]}' được liệt kê hai lần.", $"'{ids[i]}' is listed twice."));
            }
        }
    }
}

public sealed partial record MemberUnit
{
    private const string PemHeader = "-----BEGIN CERTIFICATE-----";

    /// <summary>Longest certificate PEM accepted (a certificate with its chain is a few KiB).</summary>
    private const int MaxCertificatePemLength = 64 * 1024;

    /// <summary>Every problem of this unit, with field paths such as <c>contacts[0].email</c>; empty when valid.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new ErrorList();
        errors.Id("unitId", UnitId);
        errors.Id("blocId", BlocId);
        errors.Text("name", Name, 200);
        for (var i = 0; i < Contacts.Count; i++)
        {
            var contact = errors.Under(ErrorList.Item("contacts", i));
            if (Contacts[i] is not { } person)
            {
                contact.Add("", ErrorCodes.Required, new("Người liên hệ không được để trống (null).", "A contact must not be null."));
                continue;
            }

            contact.Text("name", person.Name, 200);
            var email = person.Email;
            if (string.IsNullOrWhiteSpace(email) || email.Length > 254 || email.Any(char.IsWhiteSpace) || TextRule.Problem(email, multiline: false) is not null
                || email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@'))
            {
                contact.Add("email", ErrorCodes.InvalidFormat, new("Phải là một địa chỉ thư điện tử, ví dụ vanphong@stp.gov.vn.", "Must be an email address such as vanphong@stp.gov.vn."));
            }

            contact.OptionalText("role", person.Role, 200);
        }

        if (CertificatePem is not null && !CertificatePem.TrimStart().StartsWith(PemHeader, StringComparison.Ordinal))
        {
            errors.Add("certificatePem", ErrorCodes.InvalidFormat, new($"Phải là chứng thư số dạng PEM, bắt đầu bằng {PemHeader}.", $"Must be a PEM certificate starting with {PemHeader}."));
        }
        else
        {
            errors.OptionalText("certificatePem", CertificatePem, MaxCertificatePemLength, multiline: true);
        }

        return errors.Errors;
    }

    /// <summary>
    /// The unit of the same bloc, other than this one, whose name reads the same as this unit's
    /// (<see cref="TextRule.ComparisonKey"/>: NFC, case folded, white space collapsed), or null. Two units
    /// named alike could not be told apart on a ballot or in the ranking.
    /// </summary>
    public MemberUnit? NameClash(IEnumerable<MemberUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var key = TextRule.ComparisonKey(Name);
        return units.FirstOrDefault(u => string.Equals(u.BlocId, BlocId, StringComparison.Ordinal)
            && !string.Equals(u.UnitId, UnitId, StringComparison.Ordinal)
            && string.Equals(TextRule.ComparisonKey(u.Name), key, StringComparison.Ordinal));
    }
}

public sealed partial record BlocRules
{
    /// <summary>Every problem of these rules, with field paths such as <c>voting.thresholdPercent</c>; empty when valid.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new ErrorList();
        AddErrors(errors);
        return errors.Errors;
    }

    internal void AddErrors(ErrorList errors)
    {
        var voting = errors.Under("voting");
        voting.Range("candidateCount", Voting.CandidateCount, 1, 30);
        if (Voting.Quorum is null || Voting.Quorum.Denominator < 1 || Voting.Quorum.Numerator < 0
            || Voting.Quorum.Numerator > Voting.Quorum.Denominator)
        {
            voting.Add("quorum", ErrorCodes.OutOfRange, new("Phải là một phân số từ 0/1 đến 1/1, mẫu số lớn hơn 0.", "Must be a fraction between 0/1 and 1/1 with a positive denominator."));
        }

        // "More than 100%" can never be met; "at least 0%" is allowed (plurality).
        voting.Range("thresholdPercent", Voting.ThresholdPercent, 0, Voting.ThresholdComparison == ThresholdComparison.MoreThan ? 99 : 100);
        voting.Range("maxRunoffs", Voting.MaxRunoffs, 0, 10);
        voting.Defined("thresholdBase", Voting.ThresholdBase);
        voting.Defined("blankBallots", Voting.BlankBallots);
        voting.Defined("acclamationBallot", Voting.AcclamationBallot);
        voting.Defined("whenUndecided", Voting.WhenUndecided);
        errors.Defined("leaderElection", LeaderElection);
        errors.Defined("deputyElection", DeputyElection);
        errors.Defined("yearEnd", YearEnd);
        if (Documents is null)
        {
            errors.Add("documents", ErrorCodes.Required, new("Không được để trống (null).", "Must not be null."));
        }
        else if (Documents.Place.Length > 0)
        {
            errors.OptionalText("documents.place", Documents.Place, 100);
        }
        if (Conference is null || Conference.RoundLimit <= TimeSpan.Zero || Conference.RoundLimit > TimeSpan.FromDays(1))
        {
            errors.Add("conference.roundLimit", ErrorCodes.OutOfRange, new("Phải lớn hơn 0 và không quá một ngày.", "Must be positive and at most one day."));
        }

        var seen = new HashSet<TimeSpan>();
        for (var i = 0; i < ReminderOffsets.Count; i++)
        {
            var path = ErrorList.Item("reminderOffsets", i);
            errors.Positive(path, ReminderOffsets[i]);
            if (!seen.Add(ReminderOffsets[i]))
            {
                errors.Add(path, ErrorCodes.Duplicate, new("Cùng một thời điểm nhắc hạn được liệt kê hai lần.", "The same reminder offset is listed twice."));
            }
        }

        if (RankingOrder.Count == 0 || RankingOrder[0] != RankingKey.Total)
        {
            errors.Add("rankingOrder", ErrorCodes.InvalidFormat, new("Phải bắt đầu bằng Total: xếp hạng trước hết theo tổng điểm.", "Must start with Total: the ranking is by total first."));
        }

        if (RankingOrder.Distinct().Count() != RankingOrder.Count)
        {
            errors.Add("rankingOrder", ErrorCodes.Duplicate, new("Một tiêu chí xếp hạng được liệt kê hai lần.", "A ranking key is listed twice."));
        }

        Proposals.AddErrors(errors.Under("proposals"));
        if (!Enum.IsDefined(OwnUnitReviewer))
        {
            errors.Add("ownUnitReviewer", ErrorCodes.InvalidFormat, new("Phải là Deputy hoặc Council.", "Must be Deputy or Council."));
        }

        var schedule = errors.Under("schedule");
        schedule.Positive("signingPeriod", Schedule.SigningPeriod);
        schedule.Range("scoringDeadlineMonth", Schedule.ScoringDeadlineMonth, 1, 12);
        if (Schedule.ScoringDeadlineMonth is >= 1 and <= 12)
        {
            schedule.Range("scoringDeadlineDay", Schedule.ScoringDeadlineDay, 1, DateTime.DaysInMonth(2025, Schedule.ScoringDeadlineMonth));
        }

        schedule.Positive("reviewWindow", Schedule.ReviewWindow);
        schedule.Positive("votingPeriod", Schedule.VotingPeriod);
        schedule.Positive("voteRoundDuration", Schedule.VoteRoundDuration);
        schedule.Positive("leaderElectionPeriod", Schedule.LeaderElectionPeriod);
        schedule.Positive("archiveDelay", Schedule.ArchiveDelay);
    }
}

public sealed partial record ProposalRules
{
    internal void AddErrors(ErrorList errors)
    {
        if (Levels is null)
        {
            errors.Add("levels", ErrorCodes.Required, new("Cần liệt kê các hình thức khen thưởng (danh sách rỗng nghĩa là không đề nghị đơn vị nào).", "List the award levels (an empty list proposes nobody)."));
            return;
        }

        errors.Range("levels", Levels.Count, 0, 10);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Levels.Count; i++)
        {
            var level = errors.Under(ErrorList.Item("levels", i));
            if (Levels[i] is not { } item)
            {
                level.Add("", ErrorCodes.Required, new("Hình thức khen thưởng không được để trống (null).", "A level must not be null."));
                continue;
            }

            level.Id("id", item.Id);
            if (item.Id is not null && !seen.Add(item.Id))
            {
                level.Add("id", ErrorCodes.Duplicate, new($"'{item.Id}' được liệt kê hai lần.", $"'{item.Id}' is listed twice."));
            }

            level.Text("name", item.Name, 200);
            if (item.Name is not null && !item.Name.IsNormalized(System.Text.NormalizationForm.FormC))
            {
                level.Add("name", ErrorCodes.InvalidFormat, new("Phải ở dạng chuẩn Unicode NFC.", "Must be in Unicode NFC."));
            }

            level.Range("quota", item.Quota, 0, 30);
        }
    }
}
