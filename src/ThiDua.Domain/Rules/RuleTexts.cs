namespace ThiDua.Domain;

/// <summary>
/// What each rule of <see cref="BlocRules"/> means and what each of its values is called, in Vietnamese and
/// English: the texts of <see cref="RuleCatalog"/>, keyed by JSON path and by enum value.
/// </summary>
internal static class RuleTexts
{
    private static (Phrase Title, Phrase Explanation) T(string titleVi, string titleEn, string vi, string en) => (new(titleVi, titleEn), new(vi, en));

    public static readonly IReadOnlyDictionary<string, (Phrase Title, Phrase Explanation)> Rules = new Dictionary<string, (Phrase, Phrase)>(StringComparer.Ordinal)
    {
        ["voting"] = T(
            "Bỏ phiếu", "Voting",
            "Quy định chung của mọi cuộc bỏ phiếu kín: bình xét, suy tôn đơn vị dẫn đầu, bầu trưởng khối và phó trưởng khối.",
            "Rules of every secret ballot: the leading-unit vote and the elections of the bloc leader and deputy."),
        ["voting.candidateCount"] = T(
            "Số đơn vị được đưa vào bình xét", "Candidates of the leading-unit vote",
            "Số đơn vị có điểm cao nhất trong kết quả chấm điểm được đưa vào phiếu bầu đơn vị dẫn đầu. Mặc định 3.",
            "How many of the top-ranked units are candidates on the leading-unit ballot. Default 3."),
        ["voting.quorum"] = T(
            "Tỷ lệ tham gia tối thiểu", "Quorum",
            "Phần đơn vị có quyền bỏ phiếu phải gửi phiếu bầu (phiếu trắng cũng tính) thì vòng bỏ phiếu mới hợp lệ. Mặc định 2/3.",
            "The share of eligible units that must cast a ballot (blank ones count) for a round to be valid. Default 2/3."),
        ["voting.quorum.numerator"] = T(
            "Tử số", "Numerator",
            "Tử số của tỷ lệ tham gia tối thiểu (ví dụ 2 trong 2/3).",
            "Numerator of the quorum (2 in 2/3)."),
        ["voting.quorum.denominator"] = T(
            "Mẫu số", "Denominator",
            "Mẫu số của tỷ lệ tham gia tối thiểu (ví dụ 3 trong 2/3), từ 1 trở lên.",
            "Denominator of the quorum (3 in 2/3), 1 or more."),
        ["voting.thresholdPercent"] = T(
            "Tỷ lệ phiếu để trúng", "Winning percentage",
            "Tỷ lệ phần trăm số phiếu (tính trên cơ sở đã chọn) một đơn vị cần đạt để trúng. Mặc định 50 (quá bán); có tỉnh dùng 70.",
            "The percentage of votes (on the chosen base) a unit needs to win. Default 50 (more than half); some provinces use 70."),
        ["voting.thresholdComparison"] = T(
            "Cách so với tỷ lệ", "Comparison with the percentage",
            "Đơn vị trúng cần nhiều hơn, hay từ tỷ lệ đó trở lên. Mặc định: nhiều hơn (quá bán).",
            "Whether the winner needs more than, or at least, the percentage. Default: more than."),
        ["voting.maxRunoffs"] = T(
            "Số lần bỏ phiếu lại", "Runoffs",
            "Số vòng bỏ phiếu lại tối đa sau vòng đầu khi chưa có đơn vị trúng; hết số vòng này thì kết quả bỏ phiếu là chưa quyết định được. Mặc định 2.",
            "Most runoffs after the first round when nobody wins; after them the vote ends undecided. Default 2."),
        ["voting.ballotChangeAllowed"] = T(
            "Được thay phiếu bầu", "Ballot may be changed",
            "Đơn vị được gửi lại phiếu bầu khác trước khi vòng bỏ phiếu kết thúc. Mặc định: không.",
            "Whether a unit may replace its ballot before the round closes. Default: no."),
        ["voting.abstentionAllowed"] = T(
            "Được bỏ phiếu trắng", "Blank ballots accepted",
            "Đơn vị được gửi phiếu trắng (không chọn ai). Mặc định: có.",
            "Whether a blank ballot (no choice) is accepted. Default: yes."),
        ["voting.thresholdBase"] = T(
            "Cơ sở tính tỷ lệ", "Base of the percentage",
            "Tỷ lệ phiếu được tính trên tổng số đơn vị thành viên, số đơn vị có mặt tại hội nghị, hay số phiếu bầu đã gửi. Mặc định: số phiếu bầu đã gửi.",
            "Whether the percentage is of every member unit, of the units present at the conference, or of the ballots cast. Default: the ballots cast."),
        ["voting.selfVoteAllowed"] = T(
            "Được bầu cho chính mình", "Voting for oneself",
            "Đơn vị được chọn chính mình trên phiếu bầu. Mặc định: có.",
            "Whether a unit may choose itself on its ballot. Default: yes."),
        ["voting.blankBallots"] = T(
            "Cách tính phiếu trắng", "How blank ballots count",
            "Phiếu trắng là phiếu hợp lệ (tính vào số phiếu đã gửi) hay không hợp lệ (tính riêng, không vào cơ sở tính tỷ lệ); cả hai cách đều tính vào tỷ lệ tham gia. Mặc định: hợp lệ.",
            "Whether a blank ballot is valid (counted as cast) or invalid (counted apart, outside the base); both count towards the quorum. Default: valid."),
        ["voting.acclamationBallot"] = T(
            "Xác nhận suy tôn", "Confirming an acclamation",
            "Khi chỉ có một đơn vị được đề cử (suy tôn): bỏ phiếu kín đồng ý / không đồng ý theo tỷ lệ đã định, hoặc ghi nhận ngay không cần bỏ phiếu. Mặc định: bỏ phiếu đồng ý.",
            "When there is a single nominee (acclamation): a secret approval ballot counted against the percentage, or recorded at once without a ballot. Default: an approval ballot."),
        ["voting.whenUndecided"] = T(
            "Khi bình xét không có kết quả", "When the leading-unit vote is undecided",
            "Khối đề nghị khen thưởng thế nào khi bình xét, suy tôn đơn vị dẫn đầu không có đơn vị trúng sau vòng bỏ phiếu lại cuối cùng. Mặc định: không đề nghị ai cho hình thức khen thưởng cao nhất.",
            "What the bloc proposes when the leading-unit vote has no winner after the last runoff. Default: nobody for the first award level."),
        ["leaderElection"] = T(
            "Cách chọn trưởng khối năm sau", "How next year's bloc leader is chosen",
            "Luân phiên theo thứ tự đã định, hoặc bầu bằng phiếu kín trong số đơn vị được đề cử. Mặc định: luân phiên.",
            "By rotation in the set order, or by secret ballot among the nominees. Default: rotation."),
        ["deputyElection"] = T(
            "Cách chọn phó trưởng khối năm sau", "How next year's deputy bloc leader is chosen",
            "Luân phiên (đơn vị kế tiếp trưởng khối mới trong thứ tự luân phiên), hoặc bầu sau khi bầu trưởng khối. Mặc định: luân phiên.",
            "By rotation (the unit after the new leader in the rotation order), or by a vote held after the leader's. Default: rotation."),
        ["yearEnd"] = T(
            "Cách bỏ phiếu cuối năm", "How the year-end votes are held",
            "Mỗi vòng bỏ phiếu mở trong một số ngày và kết thúc theo thời hạn, hoặc trưởng khối mở và kết thúc từng vòng ngay tại hội nghị tổng kết khối. Mặc định: theo thời hạn.",
            "Each round is open for some days and closes at its deadline, or the chair opens and closes each round live at the year-end conference. Default: by deadline."),
        ["conference"] = T(
            "Hội nghị tổng kết khối", "Year-end conference",
            "Quy định của hội nghị tổng kết khối, khi bỏ phiếu tại hội nghị.",
            "Rules of the year-end conference, when the votes are held there."),
        ["conference.roundLimit"] = T(
            "Thời gian tối đa của một vòng bỏ phiếu", "Longest round",
            "Một vòng bỏ phiếu tại hội nghị tự kết thúc sau khoảng thời gian này kể từ khi mở. Mặc định 10 phút.",
            "A conference round closes by itself this long after it opens. Default 10 minutes."),
        ["reminderOffsets"] = T(
            "Thời điểm nhắc nộp bảng tự chấm điểm", "Scoring reminders",
            "Trước hạn nộp bảng tự chấm điểm bao lâu thì gửi thư nhắc các đơn vị chưa nộp. Mặc định 7, 3 và 1 ngày.",
            "How long before the scoring deadline units that have not submitted are reminded by email. Default 7, 3 and 1 days."),
        ["rankingOrder"] = T(
            "Thứ tự xếp hạng", "Ranking order",
            "Các tiêu chí so sánh khi xếp hạng, quan trọng nhất trước; mã đơn vị luôn được so sau cùng để thứ tự xếp hạng là duy nhất. Mặc định: tổng điểm, ít điểm trừ hơn, nộp bảng tự chấm điểm sớm hơn.",
            "What the ranking compares, most significant first; the unit id always comes last so the ranking is unique. Default: total, fewer penalty points, earlier submission."),
        ["proposals"] = T(
            "Đề nghị khen thưởng", "Award proposals",
            "Những gì khối đề nghị Hội đồng Thi đua – Khen thưởng tỉnh sau khi bình xét.",
            "What the bloc proposes to the council after the vote."),
        ["proposals.levels"] = T(
            "Hình thức khen thưởng", "Award levels",
            "Các hình thức khen thưởng khối đề nghị, cao nhất trước, mỗi hình thức với số đơn vị tối đa. Mặc định: Cờ thi đua cấp tỉnh (1 đơn vị), Bằng khen của Chủ tịch UBND tỉnh (2 đơn vị).",
            "The award levels the bloc proposes units for, highest first, each with its quota. Default: the provincial Emulation Flag (1 unit), the chairman's Certificate of Merit (2 units)."),
        ["proposals.levels[].id"] = T(
            "Mã hình thức khen thưởng", "Award level id",
            "Mã cố định của hình thức khen thưởng: chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ co-thi-dua-tinh).",
            "Stable id of the award level: lowercase letters, digits and '-' (for example co-thi-dua-tinh)."),
        ["proposals.levels[].name"] = T(
            "Tên hình thức khen thưởng", "Award level name",
            "Tên hình thức khen thưởng như in trên tờ trình (ví dụ Cờ thi đua cấp tỉnh).",
            "The award's name as the proposal letter prints it."),
        ["proposals.levels[].quota"] = T(
            "Số đơn vị tối đa", "Quota",
            "Số đơn vị khối được đề nghị cho hình thức này (0: không đề nghị).",
            "How many units the bloc may propose for this level (0 proposes nobody)."),
        ["proposals.unsignedMayBeProposed"] = T(
            "Đề nghị đơn vị chưa ký giao ước", "Units that did not sign may be proposed",
            "Đơn vị không ký giao ước thi đua có được đề nghị khen thưởng hay không. Mặc định: không.",
            "Whether a unit that did not sign the compact may be proposed. Default: no."),
        ["schedule"] = T(
            "Thời hạn trong năm", "The year's deadlines",
            "Cách tính các thời hạn của năm thi đua theo giờ Việt Nam, kể từ ngày phát động.",
            "How the campaign's deadlines are set, in Vietnam time, from the launch date."),
        ["schedule.signingPeriod"] = T(
            "Thời gian ký giao ước", "Signing period",
            "Từ ngày phát động đến hạn ký giao ước thi đua (hết ngày đó, giờ Việt Nam). Mặc định 30 ngày.",
            "From the launch to the signing deadline (end of that day, Vietnam time). Default 30 days."),
        ["schedule.scoringDeadlineMonth"] = T(
            "Tháng của hạn nộp bảng tự chấm điểm", "Month of the scoring deadline",
            "Tháng (1–12) của hạn nộp bảng tự chấm điểm trong năm thi đua. Mặc định tháng 12.",
            "Month (1–12) of the scoring deadline in the campaign's year. Default December."),
        ["schedule.scoringDeadlineDay"] = T(
            "Ngày của hạn nộp bảng tự chấm điểm", "Day of the scoring deadline",
            "Ngày trong tháng của hạn nộp bảng tự chấm điểm (hết ngày đó, giờ Việt Nam). Mặc định ngày 15.",
            "Day of the month of the scoring deadline (end of that day, Vietnam time). Default the 15th."),
        ["schedule.reviewWindow"] = T(
            "Thời gian thẩm định", "Review period",
            "Sau hạn nộp bảng tự chấm điểm, trưởng khối thẩm định và điều chỉnh điểm trong khoảng thời gian này. Mặc định 7 ngày.",
            "After the scoring deadline, the leader reviews and adjusts points during this period. Default 7 days."),
        ["schedule.votingPeriod"] = T(
            "Thời gian bình xét", "Leading-unit vote period",
            "Từ hạn thẩm định đến khi kết thúc vòng bỏ phiếu đầu tiên bình xét, suy tôn đơn vị dẫn đầu. Mặc định 14 ngày.",
            "From the review deadline to the close of the first leading-unit round. Default 14 days."),
        ["schedule.voteRoundDuration"] = T(
            "Thời gian mỗi vòng bỏ phiếu lại", "Runoff length",
            "Mỗi vòng bỏ phiếu lại mở trong khoảng thời gian này. Mặc định 1 ngày.",
            "How long each runoff is open. Default 1 day."),
        ["schedule.leaderElectionPeriod"] = T(
            "Thời gian bầu trưởng khối", "Leader election period",
            "Từ hạn bình xét đến khi kết thúc vòng bầu trưởng khối năm sau đầu tiên. Mặc định 7 ngày.",
            "From the leading-unit vote's deadline to the close of the first leader round. Default 7 days."),
        ["schedule.archiveDelay"] = T(
            "Thời gian đến khi lưu trữ", "Time until the archive",
            "Từ hạn bầu trưởng khối đến khi hồ sơ lưu trữ của năm được lập. Mặc định 2 ngày.",
            "From the leader election's deadline to the archiving of the year. Default 2 days."),
        ["ownUnitReviewer"] = T(
            "Người thẩm định điểm của đơn vị trưởng khối", "Reviewer of the leader's own unit",
            "Trưởng khối không tự thẩm định điểm của đơn vị mình: phó trưởng khối, hoặc cán bộ Hội đồng Thi đua – Khen thưởng tỉnh thẩm định. Mặc định: phó trưởng khối (cán bộ Hội đồng khi năm đó không có phó trưởng khối).",
            "The leader never reviews its own unit's points: the deputy, or council staff, does. Default: the deputy (council staff when the year has none)."),
        ["documents"] = T(
            "Văn bản của khối", "The bloc's documents",
            "Những gì các văn bản của khối (giao ước thi đua, biên bản, tờ trình) in thêm ngoài kết quả của năm.",
            "What the bloc's documents (compact, minutes, proposal letter) print besides the year's facts."),
        ["documents.place"] = T(
            "Địa danh", "Place name",
            "Địa danh ghi trước ngày tháng trên văn bản (ví dụ \"Bắc Kạn\" trong \"Bắc Kạn, ngày 12 tháng 01 năm 2027\"). Để trống thì văn bản chừa chỗ để ghi tay.",
            "The place name before the date on documents (\"Bắc Kạn\" in \"Bắc Kạn, ngày 12 tháng 01 năm 2027\"). Empty leaves a space to fill in by hand."),
    };

    public static readonly IReadOnlyDictionary<(Type, string), Phrase> Labels = new Dictionary<(Type, string), Phrase>
    {
        [(typeof(LeaderElectionMode), nameof(LeaderElectionMode.Rotation))] = new("Luân phiên", "Rotation"),
        [(typeof(LeaderElectionMode), nameof(LeaderElectionMode.Vote))] = new("Bỏ phiếu kín", "Secret ballot"),
        [(typeof(YearEndMode), nameof(YearEndMode.Deadline))] = new("Theo thời hạn", "By deadline"),
        [(typeof(YearEndMode), nameof(YearEndMode.Conference))] = new("Tại hội nghị tổng kết khối", "At the year-end conference"),
        [(typeof(OwnUnitReviewer), nameof(OwnUnitReviewer.Deputy))] = new("Phó trưởng khối", "The deputy bloc leader"),
        [(typeof(OwnUnitReviewer), nameof(OwnUnitReviewer.Council))] = new("Cán bộ Hội đồng Thi đua – Khen thưởng tỉnh", "Council staff"),
        [(typeof(RankingKey), nameof(RankingKey.Total))] = new("Tổng điểm cao hơn", "Higher total"),
        [(typeof(RankingKey), nameof(RankingKey.FewerPenaltyPoints))] = new("Ít điểm trừ hơn", "Fewer penalty points"),
        [(typeof(RankingKey), nameof(RankingKey.EarlierFinalSubmission))] = new("Nộp bảng tự chấm điểm sớm hơn", "Earlier final submission"),
        [(typeof(RankingKey), nameof(RankingKey.UnitId))] = new("Mã đơn vị", "Unit id"),
        [(typeof(ThresholdComparison), nameof(ThresholdComparison.MoreThan))] = new("Nhiều hơn tỷ lệ (quá bán)", "More than the percentage"),
        [(typeof(ThresholdComparison), nameof(ThresholdComparison.AtLeast))] = new("Từ tỷ lệ trở lên", "At least the percentage"),
        [(typeof(ThresholdBase), nameof(ThresholdBase.Members))] = new("Tổng số đơn vị thành viên", "Every member unit"),
        [(typeof(ThresholdBase), nameof(ThresholdBase.Present))] = new("Số đơn vị có mặt", "The units present"),
        [(typeof(ThresholdBase), nameof(ThresholdBase.BallotsCast))] = new("Số phiếu bầu đã gửi", "The ballots cast"),
        [(typeof(BlankBallots), nameof(BlankBallots.Valid))] = new("Hợp lệ", "Valid"),
        [(typeof(BlankBallots), nameof(BlankBallots.Invalid))] = new("Không hợp lệ", "Invalid"),
        [(typeof(AcclamationBallot), nameof(AcclamationBallot.Approval))] = new("Bỏ phiếu đồng ý / không đồng ý", "Approval ballot"),
        [(typeof(AcclamationBallot), nameof(AcclamationBallot.None))] = new("Ghi nhận, không bỏ phiếu", "Recorded without a ballot"),
        [(typeof(UndecidedOutcome), nameof(UndecidedOutcome.NoProposal))] = new("Không đề nghị ai cho hình thức cao nhất", "Nobody for the first level"),
        [(typeof(UndecidedOutcome), nameof(UndecidedOutcome.ProposeTopRanked))] = new("Đề nghị đơn vị xếp hạng cao nhất", "The top-ranked unit"),
    };
}
