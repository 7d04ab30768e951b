using ThiDua.Documents.Builders;
using ThiDua.TestKit;
using UglyToad.PdfPig;

namespace ThiDua.Documents.Tests;

/// <summary>
/// Renders the bloc's documents to .docx and PDF and reads them back as a clerk's tools would: the
/// facts are there, in names (never ids), with the national header, the place and date; both files
/// come out byte-identical on a second render; Word's schema accepts the .docx; every character has
/// a glyph in the embedded font; each page is kept as a PNG under TestResults/documents.
/// </summary>
public sealed class OfficialDocumentTests
{
    private static readonly string[] UnitIds =
        [NoiChinhFacts.MilitaryCommand, NoiChinhFacts.Police, NoiChinhFacts.Justice, NoiChinhFacts.HomeAffairs, NoiChinhFacts.JudgmentEnforcement, "noi-chinh"];

    [Fact]
    public void The_vote_count_minutes_show_the_board_the_ballots_and_the_leading_unit_by_name()
    {
        var input = NoiChinhFacts.LeadingUnitMinutes();
        var (pdf, docx) = RenderAndCheck("bien-ban-kiem-phieu-don-vi-dan-dau", VoteCountMinutes.Build(input), "Bắc Kạn, ngày 12 tháng 01 năm 2027");

        foreach (var text in new[] { pdf, docx })
        {
            Assert.Contains("KHỐI THI ĐUA NỘI CHÍNH", text);
            Assert.Contains("Số: 01/BB-KTĐNC", text);
            Assert.Contains("BIÊN BẢN", text);
            Assert.Contains("Kiểm phiếu bầu đơn vị dẫn đầu Khối thi đua Nội chính năm 2026", text);
            Assert.Contains("10 giờ 45 phút, ngày 12/01/2027", text);
            Assert.Contains("Ông Hoàng Văn Dũng, Giám đốc Sở Nội vụ - Trưởng ban", text);
            Assert.Contains("Số đơn vị có mặt: 5.", text);
            Assert.Contains("Số phiếu phát ra: 5.", text);
            Assert.Contains("Số phiếu thu vào: 5.", text);
            Assert.Contains("Số phiếu hợp lệ: 5.", text);
            Assert.Contains("Số phiếu không hợp lệ: 0.", text);
            Assert.Contains("Số phiếu trắng (không chọn đơn vị nào): 1.", text);
            Assert.Contains("1 Cục Thi hành án dân sự tỉnh 3 60", text);
            Assert.Contains("2 Công an tỉnh 1 20", text);
            Assert.Contains("3 Bộ Chỉ huy Quân sự tỉnh 0 0", text);
            Assert.Contains("Cục Thi hành án dân sự tỉnh trúng cử đơn vị dẫn đầu Khối thi đua Nội chính năm 2026 với 3/5 phiếu, đạt 60%.", text);
            Assert.Contains("TRƯỞNG BAN", text);
            Assert.Contains("Bà Đỗ Thị Thanh Hương", text);
            Assert.Contains("Nơi nhận:", text);
        }
    }

    [Fact]
    public void The_minutes_of_an_acclamation_count_the_blank_ballots_as_disagreeing()
    {
        var (pdf, docx) = RenderAndCheck(
            "bien-ban-kiem-phieu-truong-khoi",
            VoteCountMinutes.Build(NoiChinhFacts.LeaderAcclamationMinutes()),
            "Bắc Kạn, ngày 12 tháng 01 năm 2027",
            everyUnit: false);

        foreach (var text in new[] { pdf, docx })
        {
            Assert.Contains("Kiểm phiếu bầu Trưởng khối Khối thi đua Nội chính năm 2027", text);
            Assert.Contains("theo hình thức suy tôn", text);
            Assert.Contains("Số phiếu không đồng ý: 1.", text);
            Assert.Contains("Số phiếu đồng ý", text);
            Assert.DoesNotContain("Số phiếu trắng", text);
            Assert.Contains("Sở Nội vụ được suy tôn là Trưởng khối Khối thi đua Nội chính năm 2027 với 4/5 phiếu đồng ý, đạt 80%.", text);
        }
    }

    [Fact]
    public void The_score_summary_shows_every_unit_per_criterion_the_adjustments_with_reasons_totals_and_ranks()
    {
        var (pdf, docx) = RenderAndCheck(
            "bang-tong-hop-ket-qua-cham-diem",
            ScoreSummary.Build(NoiChinhFacts.ScoreSummaryInput()),
            "Bắc Kạn, ngày 05 tháng 12 năm 2026");

        foreach (var text in new[] { pdf, docx })
        {
            Assert.Contains("BẢNG TỔNG HỢP", text);
            Assert.Contains("Kết quả chấm điểm thi đua năm 2026 của Khối thi đua Nội chính", text);
            Assert.Contains("TC1 Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được giao trong năm Chấm điểm 50", text);
            // Rank, name, points per criterion after review, total: the council cut the bonus to 3, the leader cut the Police's 1-2 to 17.
            Assert.Contains("1 Cục Thi hành án dân sự tỉnh 50 20 15 15 3 0 103", text);
            Assert.Contains("2 Công an tỉnh 49 17 15 14 4 0 99", text);
            Assert.Contains("3 Bộ Chỉ huy Quân sự tỉnh 48 18 14 15 3 0 98", text);
            Assert.Contains("4 Sở Nội vụ 46 18 14 14 2 0 94", text);
            Assert.Contains("5 Sở Tư pháp 45 17,5 13 14 0 -1 88,5", text);
            Assert.Contains("Công an tỉnh TC2 19 17 Tỷ lệ hồ sơ trực tuyến toàn trình chưa đạt chỉ tiêu 80%", text);
            Assert.Contains("Sáng kiến mới được cấp tỉnh công nhận, chưa nhân rộng", text);
            Assert.Contains(ScoreSummary.CouncilName, text);
            Assert.Contains("TRƯỞNG KHỐI", text);
            Assert.Contains("Ông Bùi Đức Thịnh", text);
        }
    }

    [Fact]
    public void The_compact_lists_commitments_criteria_a_signature_block_per_unit_and_each_digital_signature()
    {
        var (pdf, docx) = RenderAndCheck(
            "giao-uoc-thi-dua",
            CompactAgreement.Build(NoiChinhFacts.CompactInput()),
            "Bắc Kạn, ngày 03 tháng 02 năm 2026");

        foreach (var text in new[] { pdf, docx })
        {
            Assert.Contains("GIAO ƯỚC THI ĐUA", text);
            Assert.Contains("Năm 2026 của Khối thi đua Nội chính", text);
            Assert.Contains("1 Cục Thi hành án dân sự tỉnh Trưởng khối", text);
            Assert.Contains("2 Sở Nội vụ Phó Trưởng khối", text);
            foreach (var commitment in NoiChinhFacts.Commitments)
            {
                Assert.Contains(commitment, text);
            }

            Assert.Contains("III. Xây dựng tổ chức", text);
            Assert.Contains("Điểm trừ: cán bộ vi phạm kỷ luật, đơn vị bị phê bình Điểm trừ 10", text);
            foreach (var member in NoiChinhFacts.Members)
            {
                Assert.Contains("TM. " + member.Name.ToUpperInvariant(), text);
            }

            Assert.Contains(
                "Cục Thi hành án dân sự tỉnh: người ký CN=Bùi Đức Thịnh, O=Cục Thi hành án dân sự tỉnh Bắc Kạn; số sê-ri chứng thư số 54010203A1B2C3D5; thời điểm ký 08 giờ 30 phút, ngày 03/02/2026 (giờ Việt Nam).",
                text);
            Assert.Contains("số sê-ri chứng thư số 54010203A1B2C3D4", text);
            Assert.Contains("Đại tá Nguyễn Văn Thắng", text);
            Assert.Contains("Hoàng Văn Dũng Đã ký số lúc 09 giờ 15 phút, ngày 03/02/2026", text);
            Assert.Contains(ThiDua.Domain.CompactDocument.Sha256(NoiChinhFacts.Campaign), text);
        }
    }

    [Fact]
    public void A_first_round_without_a_majority_calls_the_runoff_between_the_named_units()
    {
        var input = NoiChinhFacts.LeadingUnitMinutes();
        var round = input.Round with { Present = null };
        var ballots = new[] { round.Candidates[0], round.Candidates[0], round.Candidates[1], round.Candidates[1], round.Candidates[2] }
            .Select((c, i) => new ThiDua.Domain.Ballot(round.RoundKey, $"r{i:00}", c));
        var tally = ThiDua.Domain.VoteRules.Count(round, ballots, input.Rules);
        var (pdf, docx) = RenderAndCheck(
            "bien-ban-kiem-phieu-vong-1-chua-co-ket-qua",
            VoteCountMinutes.Build(input with { Round = round, Tally = tally }),
            "Bắc Kạn, ngày 12 tháng 01 năm 2027");

        foreach (var text in new[] { pdf, docx })
        {
            Assert.DoesNotContain("Số đơn vị có mặt", text);
            Assert.Contains("Số phiếu phát ra: 5.", text);
            Assert.Contains("Số phiếu trắng (không chọn đơn vị nào): 0.", text);
            Assert.Contains("có số phiếu cao nhất bằng nhau (2 phiếu)", text);
            Assert.Contains("Tổ chức bỏ phiếu lại (vòng 2) giữa các đơn vị: Cục Thi hành án dân sự tỉnh, Công an tỉnh.", text);
        }
    }

    [Fact]
    public void The_conference_minutes_record_attendance_results_votes_leadership_and_proposals_by_name()
    {
        var (pdf, docx) = RenderAndCheck(
            "bien-ban-hoi-nghi-tong-ket-khoi",
            ConferenceMinutes.Build(NoiChinhFacts.ConferenceMinutesInput()),
            "Bắc Kạn, ngày 12 tháng 01 năm 2027");

        foreach (var text in new[] { pdf, docx })
        {
            Assert.Contains("KHỐI THI ĐUA NỘI CHÍNH", text);
            Assert.Contains("Số: 03/BB-KTĐNC", text);
            Assert.Contains("BIÊN BẢN", text);
            Assert.Contains("Hội nghị tổng kết Khối thi đua Nội chính năm 2026", text);
            AssertInOrder(text, "I. THỜI GIAN, ĐỊA ĐIỂM", "II. THÀNH PHẦN", "III. NỘI DUNG", "IV. KẾT THÚC HỘI NGHỊ");
            Assert.Contains("Thời gian: khai mạc hồi 08 giờ 30 phút, ngày 12/01/2027 (giờ Việt Nam).", text);
            Assert.Contains("Địa điểm: Hội trường Sở Nội vụ tỉnh Bắc Kạn.", text);
            Assert.Contains("Đơn vị thành viên: 5 đơn vị; có mặt 4, ủy quyền 1, vắng mặt 0.", text);
            Assert.Contains("1 Cục Thi hành án dân sự tỉnh Có mặt", text);
            Assert.Contains("2 Sở Nội vụ Có mặt", text);
            Assert.Contains("Sở Tư pháp Ủy quyền", text);
            Assert.Contains("Đại biểu mời: Lãnh đạo Ban Thi đua – Khen thưởng tỉnh.", text);
            Assert.Contains("Chủ trì hội nghị: Ông Bùi Đức Thịnh, Cục trưởng Cục Thi hành án dân sự tỉnh.", text);
            Assert.Contains("Thư ký hội nghị: Bà Lý Thị Hoa, Chuyên viên Sở Nội vụ.", text);

            // The ranking after review, then the three votes with counts on the base of five.
            Assert.Contains("1 Cục Thi hành án dân sự tỉnh 103", text);
            Assert.Contains("4 Sở Nội vụ 94", text);
            Assert.Contains("5 Sở Tư pháp 88,5", text);
            Assert.Contains("phát ra 5 phiếu, thu vào 5 phiếu, hợp lệ 5, không hợp lệ 0, phiếu trắng 0; tỷ lệ tính trên 5.", text);
            Assert.Contains("4 Sở Nội vụ 3 60", text);
            Assert.Contains("Sở Nội vụ trúng cử đơn vị dẫn đầu Khối thi đua Nội chính năm 2026 với 3/5 phiếu, đạt 60%.", text);
            Assert.Contains("Hội nghị thống nhất: Sở Nội vụ là đơn vị dẫn đầu Khối thi đua Nội chính năm 2026.", text);
            Assert.Contains("Cục Thi hành án dân sự tỉnh trúng cử Trưởng khối Khối thi đua Nội chính năm 2027 với 4/5 phiếu, đạt 80%.", text);
            Assert.Contains("hình thức suy tôn, biểu quyết bằng phiếu kín đồng ý hoặc không đồng ý", text);
            Assert.Contains("Bộ Chỉ huy Quân sự tỉnh được suy tôn là Phó Trưởng khối Khối thi đua Nội chính năm 2027 với 5/5 phiếu đồng ý, đạt 100%.", text);
            Assert.Contains("Cục Thi hành án dân sự tỉnh được bầu làm Trưởng khối Khối thi đua Nội chính năm 2027 bằng hình thức bỏ phiếu kín.", text);
            Assert.Contains("Bộ Chỉ huy Quân sự tỉnh được hội nghị suy tôn làm Phó Trưởng khối Khối thi đua Nội chính năm 2027.", text);

            Assert.Contains("Hội nghị thống nhất đề nghị Hội đồng Thi đua – Khen thưởng tỉnh xem xét khen thưởng các đơn vị sau:", text);
            Assert.Contains("Cờ thi đua của UBND tỉnh: Sở Nội vụ.", text);
            Assert.Contains("Bằng khen của Chủ tịch UBND tỉnh: Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh.", text);
            Assert.Contains("Hội nghị kết thúc hồi 11 giờ 15 phút, ngày 12/01/2027 (giờ Việt Nam).", text);
            Assert.Contains("Biên bản đã được đọc lại trước hội nghị và được hội nghị nhất trí thông qua.", text);
            AssertInOrder(text, "THƯ KÝ", "CHỦ TRÌ");
            Assert.Contains("Bà Lý Thị Hoa", text);
            Assert.Contains("Nơi nhận:", text);
        }
    }

    [Fact]
    public void The_conference_minutes_of_an_undecided_vote_show_the_runoff_the_absent_unit_and_the_rotation()
    {
        var rules = new ThiDua.Domain.VotingRules { CandidateCount = 5, MaxRunoffs = 1 };
        var campaign = NoiChinhFacts.ConferenceCampaign with { Rules = NoiChinhFacts.ConferenceCampaign.Rules with { Voting = rules } };
        var first = ThiDua.Domain.VoteRules.LeadingUnitRound(campaign, NoiChinhFacts.Ranking) with { Present = 4 };
        var tie = NoiChinhFacts.Counted(first, rules, NoiChinhFacts.HomeAffairs, NoiChinhFacts.HomeAffairs, NoiChinhFacts.JudgmentEnforcement, NoiChinhFacts.JudgmentEnforcement);
        var runoff = NoiChinhFacts.Counted(ThiDua.Domain.VoteRules.NextRound(first, tie.Tally), rules, NoiChinhFacts.HomeAffairs, NoiChinhFacts.HomeAffairs, NoiChinhFacts.JudgmentEnforcement, null);
        Assert.Equal(ThiDua.Domain.NextStep.Undecided, runoff.Tally.Next);
        var input = NoiChinhFacts.ConferenceMinutesInput() with
        {
            Campaign = campaign,
            OpenedAt = null,
            ClosedAt = null,
            Attendance = [.. NoiChinhFacts.ConferenceMinutesInput().Attendance.Where(a => a.UnitId != NoiChinhFacts.Justice)],
            Guests = [],
            Votes = [tie, runoff],
            LeadingUnitId = null,
            Leadership = new ThiDua.Domain.LeaderChoice(NoiChinhFacts.Police, NoiChinhFacts.Justice),
            Proposals = ThiDua.Domain.ProposalRules.Select(campaign.Rules, null, NoiChinhFacts.Ranking, []),
        };

        var (pdf, docx) = RenderAndCheck("bien-ban-hoi-nghi-khong-co-don-vi-dan-dau", ConferenceMinutes.Build(input), "Bắc Kạn, ngày 12 tháng 01 năm 2027");

        foreach (var text in new[] { pdf, docx })
        {
            Assert.Contains("Thời gian: ngày 12/01/2027.", text);
            Assert.Contains("Đơn vị thành viên: 5 đơn vị; có mặt 4, ủy quyền 0, vắng mặt 1.", text);
            Assert.Contains("Sở Tư pháp Vắng mặt", text);
            Assert.DoesNotContain("Đại biểu mời", text);
            Assert.Contains("phát ra 4 phiếu", text);
            Assert.Contains("Hội nghị tổ chức bỏ phiếu lại (vòng 2) giữa các đơn vị: Cục Thi hành án dân sự tỉnh, Sở Nội vụ.", text);
            Assert.Contains("Bầu đơn vị dẫn đầu Khối thi đua Nội chính năm 2026 vòng 2 (bỏ phiếu lại)", text);
            Assert.Contains("Cuộc bỏ phiếu bình xét đơn vị dẫn đầu Khối thi đua Nội chính năm 2026 kết thúc mà không có đơn vị nào được chọn.", text);
            Assert.Contains("Công an tỉnh đảm nhiệm Trưởng khối Khối thi đua Nội chính năm 2027 theo thứ tự luân phiên của khối.", text);
            Assert.Contains("Sở Tư pháp đảm nhiệm Phó Trưởng khối Khối thi đua Nội chính năm 2027 theo thứ tự luân phiên của khối.", text);
            Assert.Contains("Cờ thi đua của UBND tỉnh: không đề nghị đơn vị nào.", text);
            Assert.Contains("Bằng khen của Chủ tịch UBND tỉnh: Cục Thi hành án dân sự tỉnh, Công an tỉnh.", text);
            Assert.DoesNotContain("Hội nghị kết thúc hồi", text);
            Assert.Contains("Biên bản đã được đọc lại trước hội nghị và được hội nghị nhất trí thông qua.", text);
        }
    }

    [Fact]
    public void The_award_proposal_lists_each_level_with_totals_ranks_and_the_leading_units_votes()
    {
        var (pdf, docx) = RenderAndCheck(
            "to-trinh-de-nghi-khen-thuong",
            AwardProposal.Build(NoiChinhFacts.AwardProposalInput()),
            "Bắc Kạn, ngày 15 tháng 01 năm 2027",
            everyUnit: false);

        foreach (var text in new[] { pdf, docx })
        {
            Assert.Contains("KHỐI THI ĐUA NỘI CHÍNH", text);
            Assert.Contains("Số: 02/TTr-KTĐNC", text);
            Assert.Contains("TỜ TRÌNH", text);
            Assert.Contains("Đề nghị khen thưởng các đơn vị thuộc Khối thi đua Nội chính năm 2026", text);
            Assert.Contains("Kính gửi: Hội đồng Thi đua – Khen thưởng tỉnh.", text);
            Assert.Contains("Căn cứ Giao ước thi đua năm 2026 của Khối thi đua Nội chính ký ngày 03/02/2026;", text);
            Assert.Contains("Căn cứ kết quả chấm điểm thi đua năm 2026 của các đơn vị thành viên sau thẩm định;", text);
            Assert.Contains("Căn cứ kết quả bỏ phiếu kín bình xét đơn vị dẫn đầu năm 2026 tại Hội nghị tổng kết Khối thi đua Nội chính ngày 12/01/2027,", text);
            AssertInOrder(
                text,
                "1. Cờ thi đua của UBND tỉnh",
                "Sở Nội vụ: tổng điểm 94, xếp hạng thứ 4; đơn vị dẫn đầu Khối thi đua Nội chính năm 2026, được bình xét với 3/5 phiếu, đạt 60%.",
                "2. Bằng khen của Chủ tịch UBND tỉnh",
                "Công an tỉnh: tổng điểm 99, xếp hạng thứ 2.",
                "Bộ Chỉ huy Quân sự tỉnh: tổng điểm 98, xếp hạng thứ 3.",
                "Kính đề nghị Hội đồng Thi đua – Khen thưởng tỉnh xem xét, quyết định.");
            Assert.DoesNotContain("Sở Tư pháp", text);
            Assert.Contains("TM. KHỐI THI ĐUA NỘI CHÍNH", text);
            Assert.Contains("TRƯỞNG KHỐI", text);
            Assert.Contains("Ông Bùi Đức Thịnh", text);
            Assert.Contains("Cục trưởng Cục Thi hành án dân sự tỉnh", text);
            Assert.Contains("Nơi nhận:", text);
            Assert.Contains("Như trên", text);
        }
    }

    [Fact]
    public void An_undecided_vote_leaves_the_flag_unproposed_or_proposes_the_top_ranked_unit_saying_why()
    {
        var input = NoiChinhFacts.AwardProposalInput() with { LeadingUnitId = null, ConferenceDate = null, CompactDate = null };
        var none = input.Campaign.Rules;
        var topRanked = none with { Voting = none.Voting with { WhenUndecided = ThiDua.Domain.UndecidedOutcome.ProposeTopRanked } };
        var withoutFlag = input with { Proposals = ThiDua.Domain.ProposalRules.Select(none, null, NoiChinhFacts.Ranking, []) };
        var withTopRanked = input with
        {
            Campaign = input.Campaign with { Rules = topRanked },
            Proposals = ThiDua.Domain.ProposalRules.Select(topRanked, null, NoiChinhFacts.Ranking, []),
        };

        var (pdf, docx) = RenderAndCheck("to-trinh-khong-co-don-vi-dan-dau", AwardProposal.Build(withoutFlag), "Bắc Kạn, ngày 15 tháng 01 năm 2027", everyUnit: false);
        foreach (var text in new[] { pdf, docx })
        {
            Assert.Contains("Căn cứ Giao ước thi đua năm 2026 của Khối thi đua Nội chính;", text);
            Assert.Contains("Căn cứ kết quả bỏ phiếu kín bình xét đơn vị dẫn đầu năm 2026 của các đơn vị thành viên,", text);
            AssertInOrder(
                text,
                "1. Cờ thi đua của UBND tỉnh",
                "Không đề nghị đơn vị nào.",
                "2. Bằng khen của Chủ tịch UBND tỉnh",
                "Cục Thi hành án dân sự tỉnh: tổng điểm 103, xếp hạng thứ 1.",
                "Công an tỉnh: tổng điểm 99, xếp hạng thứ 2.");
            Assert.DoesNotContain("đơn vị dẫn đầu Khối thi đua Nội chính năm 2026,", text);
        }

        (pdf, docx) = RenderAndCheck("to-trinh-de-nghi-don-vi-xep-hang-cao-nhat", AwardProposal.Build(withTopRanked), "Bắc Kạn, ngày 15 tháng 01 năm 2027", everyUnit: false);
        foreach (var text in new[] { pdf, docx })
        {
            AssertInOrder(
                text,
                "1. Cờ thi đua của UBND tỉnh",
                "Cục Thi hành án dân sự tỉnh: tổng điểm 103, xếp hạng thứ 1; được đề nghị là đơn vị xếp hạng cao nhất do cuộc bỏ phiếu bình xét đơn vị dẫn đầu không có kết quả.",
                "2. Bằng khen của Chủ tịch UBND tỉnh",
                "Công an tỉnh: tổng điểm 99, xếp hạng thứ 2.",
                "Bộ Chỉ huy Quân sự tỉnh: tổng điểm 98, xếp hạng thứ 3.");
            Assert.DoesNotContain("Không đề nghị đơn vị nào.", text);
        }
    }

    [Fact]
    public void The_glyph_check_catches_a_character_the_embedded_font_lacks()
    {
        Assert.Empty(DocumentText.MissingGlyphs("ẮẰẲẴẶắằẳẵặỆệỘộƠơỜờỞởỠỡỢợƯưỨứỪừỬửỮữỰựĐđ–"));
        Assert.NotEmpty(DocumentText.MissingGlyphs("☐"));
        Assert.NotEmpty(DocumentText.MissingGlyphs("汉"));
    }

    [Fact]
    public void The_date_line_pads_days_below_ten_and_the_first_two_months_only()
    {
        var document = CompactAgreement.Build(NoiChinhFacts.CompactInput());
        Assert.Equal("Bắc Kạn, ngày 05 tháng 3 năm 2026", (document with { Date = new DateOnly(2026, 3, 5) }).PlaceAndDate);
        Assert.Equal("Hà Nội, ngày 31 tháng 12 năm 2026", (document with { Place = "Hà Nội", Date = new DateOnly(2026, 12, 31) }).PlaceAndDate);
    }

    /// <summary>Each of <paramref name="parts"/> occurs in <paramref name="text"/>, each after the one before.</summary>
    private static void AssertInOrder(string text, params string[] parts)
    {
        var at = 0;
        foreach (var part in parts)
        {
            var found = text.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"\"{part}\" does not follow the earlier parts in: {text}");
            at = found + part.Length;
        }
    }

    /// <summary>Renders twice, checks what every document must satisfy, keeps the files and page images; returns the PDF's and the .docx's text.</summary>
    private static (string Pdf, string Docx) RenderAndCheck(string name, OfficialDocument document, string placeAndDate, bool everyUnit = true)
    {
        var pdf = PdfRenderer.Render(document);
        var docx = DocxRenderer.Render(document);
        Assert.Equal(DocumentChecks.Sha256(pdf), DocumentChecks.Sha256(PdfRenderer.Render(document)));
        Assert.Equal(DocumentChecks.Sha256(docx), DocumentChecks.Sha256(DocxRenderer.Render(document)));
        Assert.Empty(DocumentChecks.DocxErrors(docx));

        var (pdfText, pages) = DocumentChecks.PdfText(pdf);
        var docxText = DocumentText.OfDocx(docx);
        Assert.Empty(DocumentText.MissingGlyphs(string.Concat(document.Texts())));
        Assert.Empty(DocumentText.MissingGlyphs(pdfText));
        using (var opened = PdfDocument.Open(pdf))
        {
            foreach (var page in opened.GetPages())
            {
                Assert.InRange(page.Width, 594, 597);
                Assert.InRange(page.Height, 841, 843);
            }
        }

        foreach (var text in new[] { pdfText, docxText })
        {
            Assert.DoesNotContain('\uFFFD', text);
            Assert.DoesNotContain('□', text);
            Assert.Contains(OfficialDocument.NationalTitle, text);
            Assert.Contains(OfficialDocument.Motto, text);
            Assert.Contains(placeAndDate, text);
            Assert.Contains("Nội chính", text);
            foreach (var member in everyUnit ? NoiChinhFacts.Members : [])
            {
                Assert.Contains(member.Name, text);
            }

            foreach (var id in UnitIds)
            {
                Assert.DoesNotContain(id, text, StringComparison.OrdinalIgnoreCase);
            }
        }

        var images = DocumentText.Keep(name, pdf, docx);
        Assert.Equal(pages, images.Count);
        Assert.All(images, image => Assert.True(new FileInfo(image).Length > 0, image));
        return (pdfText, docxText);
    }
}
