using System.Globalization;

namespace ThiDua.Cli;

/// <summary>
/// User-facing CLI text, Vietnamese by default and English on request (--lang en or
/// THIDUA_LANG=en). Each command adds its own keys here.
/// </summary>
public sealed class Texts
{
    public const string LanguageOption = "--lang";
    public const string LanguageVariable = "THIDUA_LANG";

    static readonly Dictionary<string, (string Vi, string En)> Table = new(StringComparer.Ordinal)
    {
        ["root.description"] = (
            "ThiDua: tự động vận hành năm thi đua của khối thi đua, từ phát động đến lưu trữ hồ sơ.",
            "ThiDua: runs the yearly emulation cycle of an emulation bloc by itself."),
        ["lang.description"] = ("Ngôn ngữ hiển thị: vi (mặc định) hoặc en.", "Display language: vi (default) or en."),
        ["host.description"] = (
            "Chạy máy chủ cục bộ (quy trình bền vững trên Azurite và API HTTP) cho đến khi nhấn Ctrl+C.",
            "Run the local host (durable workflows on Azurite and the HTTP API) until Ctrl+C."),
        ["host.urls"] = (
            "Địa chỉ của API HTTP, như --urls của ASP.NET Core (mặc định http://127.0.0.1:5080).",
            "Address of the HTTP API, like ASP.NET Core's --urls (default http://127.0.0.1:5080)."),
        ["host.starting"] = ("Đang khởi động máy chủ cục bộ ThiDua…", "Starting the ThiDua local host…"),
        ["host.azurite"] = ("Đã khởi động Azurite (dữ liệu tại {0}).", "Started Azurite (data in {0})."),
        ["host.storage"] = ("Dùng kho lưu trữ đã cấu hình (AzureWebJobsStorage).", "Using the configured storage (AzureWebJobsStorage)."),
        ["host.listening"] = ("API đang chạy tại {0} (task hub {1}).", "API listening at {0} (task hub {1})."),
        ["host.smtp"] = (
            "Máy chủ thư nội bộ tại 127.0.0.1:{0} (ThiDua__Mail__Host để trống); thư được lưu ở {1}.",
            "Embedded mail server at 127.0.0.1:{0} (ThiDua__Mail__Host is empty); messages are kept in {1}."),
        ["host.portal"] = (
            "Cổng thông tin thi đua: {0} — đăng nhập bằng mã truy cập: cán bộ Hội đồng tạo mã bằng 'thidua token issue --admin', đơn vị bằng 'thidua token issue --unit khối/đơn-vị'.",
            "Portal: {0} — sign in with an access token: council staff create one with 'thidua token issue --admin', a unit with 'thidua token issue --unit bloc/unit'."),
        ["storage.description"] = (
            "Chạy Azurite của dự án (với các bản vá của nó) trên một thư mục dữ liệu cho đến khi nhấn Ctrl+C; máy chủ cục bộ và các lệnh trên cùng thư mục trạng thái sẽ dùng chung nó.",
            "Run the project's Azurite (with its fixes) on a data folder until Ctrl+C; local hosts and commands on the same state folder join it."),
        ["storage.location"] = (
            "Thư mục dữ liệu (mặc định: thư mục azurite trong thư mục trạng thái).",
            "Data folder (default: the state folder's azurite folder)."),
        ["storage.port"] = ("Cổng loopback của dịch vụ {0} (0: cổng trống bất kỳ).", "Loopback port of the {0} service (0: any free port)."),
        ["storage.running"] = ("Azurite đang chạy (dữ liệu tại {0}).", "Azurite is running (data in {0})."),
        ["storage.connection"] = ("Chuỗi kết nối: {0}", "Connection string: {0}"),
        ["storage.join"] = (
            "Máy chủ cục bộ trên thư mục trạng thái {0} sẽ tự dùng kho này; máy chủ ở nơi khác dùng nó qua AzureWebJobsStorage.",
            "A local host on the state folder {0} joins this storage by itself; a host elsewhere joins it through AzureWebJobsStorage."),
        ["host.stopHint"] = ("Nhấn Ctrl+C để dừng.", "Press Ctrl+C to stop."),
        ["host.stopping"] = ("Đang dừng…", "Stopping…"),
        ["host.stopped"] = ("Đã dừng.", "Stopped."),
        ["api.url"] = ("Địa chỉ API (mặc định http://127.0.0.1:5080).", "API address (default http://127.0.0.1:5080)."),
        ["api.token"] = ("Mã truy cập (bearer token); mặc định lấy từ biến môi trường THIDUA_TOKEN.", "Bearer token; default from the THIDUA_TOKEN environment variable."),
        ["api.tokenRequired"] = ("Cần mã truy cập: dùng --token hoặc đặt biến môi trường THIDUA_TOKEN (tạo bằng 'thidua token issue').", "A token is required: use --token or set THIDUA_TOKEN (create one with 'thidua token issue')."),
        ["api.unreachable"] = ("Không kết nối được API tại {0}. Máy chủ đã chạy chưa ('thidua host')?", "Cannot reach the API at {0}. Is a host running ('thidua host')?"),
        ["api.startingHost"] = ("Không có máy chủ nào đang chạy: khởi động tạm máy chủ cục bộ trên dữ liệu trong thư mục trạng thái…", "No host is running: starting a short-lived local host on the state folder's data…"),
        ["api.problem"] = ("API từ chối yêu cầu: {0}", "The API refused the request: {0}"),
        ["arg.bloc"] = ("Mã khối thi đua (ví dụ noi-chinh).", "Bloc id (for example noi-chinh)."),
        ["arg.year"] = ("Năm thi đua.", "Campaign year."),
        ["arg.unit"] = ("Mã đơn vị (ví dụ so-tu-phap).", "Unit id (for example so-tu-phap)."),
        ["json.description"] = ("In kết quả dưới dạng JSON.", "Print the result as JSON."),
        ["demo.description"] = (
            "Chạy thử trọn một năm thi đua của Khối Nội chính (rút gọn còn khoảng hai phút) trên máy chủ cục bộ.",
            "Run a whole emulation year of the Nội chính bloc (compressed to about two minutes) on the local host."),
        ["demo.json"] = ("Chỉ in bản tóm tắt cuối cùng dưới dạng một đối tượng JSON trên stdout.", "Print only the final summary, as one JSON object on stdout."),
        ["demo.preparing"] = ("Đang khởi động máy chủ cục bộ (Azurite, quy trình bền vững, máy chủ thư, API)…", "Starting the local host (Azurite, durable runtime, mail server, API)…"),
        ["demo.hostRunning"] = ("Một máy chủ cục bộ đang chạy trên thư mục trạng thái này (PID {0}, {1}); hãy dừng nó trước khi chạy demo.", "A local host is running on this state folder (PID {0}, {1}); stop it before running the demo."),
        ["demo.ready"] = ("Máy chủ sẵn sàng tại {0}; dữ liệu tại {1}.", "Host ready at {0}; data in {1}."),
        ["demo.seeded"] = ("Đã đăng ký Khối thi đua {0} (mã {1}): {2}.", "Registered the {0} bloc (id {1}): {2}."),
        ["demo.launched"] = ("Phát động thi đua năm {0}; trưởng khối: {1}; lưu trữ dự kiến lúc {2}; giao ước SHA-256 {3}.", "Campaign {0} launched; bloc leader: {1}; archive expected at {2}; compact SHA-256 {3}."),
        ["demo.compactMismatch"] = ("{0}: giao ước tải về không khớp mã băm đã công bố.", "{0}: the downloaded compact does not match its published hash."),
        ["demo.signed"] = ("{0} đã ký số giao ước (chữ ký {1}…).", "{0} signed the compact (signature {1}…)."),
        ["demo.submitted"] = ("{0} nộp bảng tự chấm điểm (phiên bản {1}, tổng {2} điểm).", "{0} submitted its self-assessment (version {1}, total {2} points)."),
        ["demo.lateRefused"] = ("{0} nộp sau hạn và bị từ chối: {1}", "{0} submitted after the deadline and was refused: {1}"),
        ["demo.lateAccepted"] = ("{0} nộp sau hạn nhưng không bị từ chối.", "{0} submitted after the deadline and was not refused."),
        ["demo.adjusted"] = ("Trưởng khối ({0}) điều chỉnh điểm của {1}, tiêu chí {2}: {3} điểm — {4}.", "The leader ({0}) adjusted {1}'s points on criterion {2}: {3} — {4}."),
        ["demo.voted"] = ("{0} đã bỏ phiếu kín ({1}).", "{0} cast its secret ballot ({1})."),
        ["demo.conferenceOpened"] = ("Khai mạc hội nghị tổng kết khối: {0} đơn vị có mặt.", "The year-end conference opens: {0} units present."),
        ["demo.roundClosed"] = ("Kết quả {0}, vòng {1}: {2}.", "Result of {0}, round {1}: {2}."),
        ["demo.conferenceClosed"] = ("Bế mạc hội nghị.", "The conference closes."),
        ["vote.leading-unit"] = ("bình xét đơn vị dẫn đầu", "the leading-unit vote"),
        ["vote.leader"] = ("bầu trưởng khối", "the leader election"),
        ["vote.deputy"] = ("bầu phó trưởng khối", "the deputy election"),
        ["demo.mail"] = ("Thư gửi {0}: {1}", "Mail to {0}: {1}"),
        ["demo.phase"] = ("Giai đoạn: {0} · hạn {1} · chưa thực hiện: {2}", "Phase: {0} · deadline {1} · pending: {2}"),
        ["demo.stuck"] = ("Năm thi đua {0} không hoàn thành (trạng thái {1}, giai đoạn {2}).", "The {0} cycle did not complete (status {1}, phase {2})."),
        ["demo.ranking"] = ("Xếp hạng năm {0}", "Ranking {0}"),
        ["demo.rank"] = ("Hạng", "Rank"),
        ["demo.unit"] = ("Đơn vị", "Unit"),
        ["demo.total"] = ("Tổng điểm", "Total"),
        ["demo.leading"] = ("Đơn vị dẫn đầu: {0}", "Leading unit: {0}"),
        ["demo.nextLeader"] = ("Trưởng khối năm {0}: {1}; phó trưởng khối: {2}", "Bloc leader for {0}: {1}; deputy: {2}"),
        ["demo.archive"] = ("Lưu trữ: {0} (SHA-256 {1}), trong Azurite tại {2}", "Archive: {0} (SHA-256 {1}), in Azurite at {2}"),
        ["results.proposals"] = ("Đề nghị khen thưởng gửi Hội đồng Thi đua – Khen thưởng tỉnh:", "Award proposals to the provincial Emulation and Commendation Council:"),
        ["results.noProposals"] = ("Khối không có đề nghị khen thưởng.", "The bloc proposes nobody for an award."),
        ["proposal.Proposed"] = ("đã đề nghị, chờ Hội đồng xét", "proposed, awaiting the council"),
        ["proposal.Accepted"] = ("Hội đồng chấp thuận", "accepted by the council"),
        ["proposal.Returned"] = ("Hội đồng trả lại", "returned by the council"),
        ["proposals.description"] = (
            "Đề nghị khen thưởng của mọi khối trong một năm (cán bộ Hội đồng); 'accept' hoặc 'return' kèm khối, đơn vị và --level để quyết định một đề nghị.",
            "Every bloc's award proposals of a year (council staff); 'accept' or 'return' with a bloc, a unit and --level decides one proposal."),
        ["proposals.action"] = ("accept (chấp thuận) hoặc return (trả lại, cần --reason).", "accept, or return (needs --reason)."),
        ["proposals.level"] = ("Mức khen thưởng đơn vị được đề nghị (ví dụ co-thi-dua-tinh).", "The award level the unit was proposed for (for example co-thi-dua-tinh)."),
        ["proposals.reason"] = ("Lý do trả lại (bắt buộc khi trả lại) hoặc ghi chú khi chấp thuận.", "Why it is returned (required to return), or a note on the acceptance."),
        ["proposals.usage"] = (
            "Dùng 'thidua proposals <năm>' để xem, hoặc 'thidua proposals <năm> accept|return <khối> <đơn vị> --level <mức>' để quyết định.",
            "Use 'thidua proposals <year>' to list, or 'thidua proposals <year> accept|return <bloc> <unit> --level <level>' to decide."),
        ["proposals.title"] = ("Đề nghị khen thưởng năm {0}", "Award proposals of {0}"),
        ["proposals.none"] = ("Chưa có khối nào đề nghị khen thưởng năm {0}.", "No bloc has proposals for {0} yet."),
        ["proposals.bloc"] = ("Khối thi đua", "Bloc"),
        ["proposals.levelColumn"] = ("Mức khen thưởng", "Award level"),
        ["proposals.status"] = ("Tình trạng", "Status"),
        ["proposals.reasonColumn"] = ("Lý do / ghi chú", "Reason / note"),
        ["proposals.undecidedVote"] = ("(bình xét đơn vị dẫn đầu không có kết quả; đề nghị theo xếp hạng)", "(the leading-unit vote ended undecided; proposed by ranking)"),
        ["proposals.decided"] = ("Đề nghị {0} — {1}: {2}.", "Proposal {0} — {1}: {2}."),
        ["results.archive"] = ("Lưu trữ: {0} (SHA-256 {1})", "Archive: {0} (SHA-256 {1})"),
        ["demo.reminders"] = ("Thư nhắc gửi đơn vị không nộp ({0}): {1} thư, xem bằng 'thidua outbox'.", "Reminders to the unit that never submitted ({0}): {1}, see 'thidua outbox'."),
        ["demo.transitions"] = ("Chuyển giai đoạn (so với hạn)", "Phase changes (against the deadline)"),
        ["demo.from"] = ("Từ", "From"),
        ["demo.to"] = ("Sang", "To"),
        ["demo.deadline"] = ("Hạn", "Deadline"),
        ["demo.delay"] = ("Sau hạn (giây)", "After deadline (s)"),
        ["demo.portal"] = (
            "Xem trên cổng thông tin: chạy 'thidua host', tạo mã truy cập bằng 'thidua token issue --admin', mở {0} và dán mã vào trang đăng nhập; trang Hội đồng thi đua hiện khối, kết quả và kết quả kiểm tra lưu trữ.",
            "See it in the portal: run 'thidua host', create a token with 'thidua token issue --admin', open {0} and paste it on the sign-in page; the council page shows the bloc, its results and the archive's verification."),
        ["demo.done"] = ("Hoàn thành sau {0:0.0} giây. Xem lại: thidua status {1} {2} · thidua results {1} {2} · thidua outbox", "Done in {0:0.0} s. Look again: thidua status {1} {2} · thidua results {1} {2} · thidua outbox"),
        ["phase.AwaitingLaunch"] = ("Chờ phát động", "Awaiting launch"),
        ["phase.Signing"] = ("Ký giao ước", "Signing the compact"),
        ["phase.Scoring"] = ("Tự chấm điểm", "Self-assessment"),
        ["phase.Review"] = ("Thẩm định điểm", "Review"),
        ["phase.VotingLeadingUnit"] = ("Bình xét đơn vị dẫn đầu", "Voting for the leading unit"),
        ["phase.AwaitingConference"] = ("Chờ hội nghị tổng kết khối", "Awaiting the year-end conference"),
        ["phase.ElectingLeader"] = ("Bầu trưởng khối năm sau", "Electing next year's leader"),
        ["phase.ElectingDeputy"] = ("Bầu phó trưởng khối năm sau", "Electing next year's deputy"),
        ["phase.ClosingConference"] = ("Bế mạc hội nghị", "Closing the conference"),
        ["phase.Archiving"] = ("Lưu trữ", "Archiving"),
        ["phase.Completed"] = ("Hoàn thành", "Completed"),
        ["phase.NotLaunched"] = ("Không phát động", "Not launched"),
        ["seed.description"] = ("Đăng ký Khối Nội chính và năm đơn vị (kèm người liên hệ, chứng thư số) qua API (quyền quản trị).", "Register the Nội chính bloc and its five units (contacts, certificates) through the API (admin)."),
        ["seed.done"] = ("Đã đăng ký Khối {0} với {1} đơn vị; khóa riêng của các đơn vị ở {2}.", "Registered the {0} bloc with {1} units; the units' private keys are in {2}."),
        ["status.description"] = ("Trạng thái năm thi đua của một khối.", "Status of a bloc's cycle for a year."),
        ["status.line"] = (
            "Khối {0}, năm {1}: {2} ({3}) · hạn {4} · chưa thực hiện: {5} · trưởng khối: {6} · phiên bản quy trình: {7}",
            "Bloc {0}, {1}: {2} ({3}) · deadline {4} · pending: {5} · leader: {6} · workflow version: {7}"),
        ["cycles.description"] = (
            "Các năm thi đua đang chạy của mọi khối, với phiên bản quy trình của từng năm.",
            "The running cycles of every bloc, each with its workflow version."),
        ["cycles.versionBelow"] = (
            "Chỉ liệt kê các năm thi đua chạy phiên bản quy trình cũ hơn phiên bản này (trước khi gỡ mã của phiên bản cũ).",
            "Only the cycles running a workflow version older than this one (before that version's code is removed)."),
        ["cycles.line"] = ("Khối {0}, năm {1}: {2} · phiên bản quy trình: {3}", "Bloc {0}, {1}: {2} · workflow version: {3}"),
        ["cycles.none"] = ("Không có năm thi đua nào đang chạy.", "No cycle is running."),
        ["cycles.noneBelow"] = ("Không có năm thi đua nào đang chạy phiên bản quy trình cũ hơn {0}.", "No running cycle has a workflow version older than {0}."),
        ["results.description"] = ("Kết quả thi đua của một khối trong một năm: xếp hạng, đơn vị dẫn đầu, trưởng khối năm sau, lưu trữ.", "Results of a bloc's year: ranking, leading unit, next leader, archive."),
        ["sign.description"] = ("Ký số giao ước bằng khóa riêng tại máy (chữ ký CMS tách rời .p7s) và gửi lên.", "Sign the compact with a local key (detached CMS .p7s) and upload the signature."),
        ["sign.pfx"] = ("Tệp PKCS#12 (.pfx/.p12) chứa chứng thư và khóa riêng.", "PKCS#12 file (.pfx/.p12) with the certificate and private key."),
        ["sign.pem"] = ("Tệp chứng thư PEM.", "PEM certificate file."),
        ["sign.key"] = ("Tệp khóa riêng PEM (khi không nằm trong tệp chứng thư).", "PEM private key file (when not inside the certificate file)."),
        ["sign.password"] = ("Mật khẩu của tệp .pfx.", "Password of the .pfx file."),
        ["sign.output"] = ("Lưu thêm chữ ký .p7s vào tệp này.", "Also save the .p7s signature to this file."),
        ["sign.needKey"] = ("Cần --pfx hoặc --pem.", "Give --pfx or --pem."),
        ["sign.done"] = ("Đã ký và gửi chữ ký của {0} (SHA-256 {1}).", "Signed and uploaded {0}'s signature (SHA-256 {1})."),
        ["submit.description"] = ("Nộp bảng tự chấm điểm từ tệp JSON (các dòng điểm theo tiêu chí).", "Submit a self-assessment from a JSON file (points per criterion)."),
        ["submit.file"] = ("Tệp JSON: {\"lines\": [{\"criterionId\": \"1-1\", \"points\": 45}, …]}.", "JSON file: {\"lines\": [{\"criterionId\": \"1-1\", \"points\": 45}, …]}."),
        ["submit.badFile"] = ("Tệp {0} không phải JSON hợp lệ: {1}", "{0} is not valid JSON: {1}"),
        ["submit.done"] = ("Đã nộp phiên bản {0} của {1}: tổng {2} điểm.", "Submitted version {0} for {1}: total {2} points."),
        ["vote.description"] = ("Bỏ phiếu kín (mục đích: leading-unit, leader, deputy).", "Cast a secret ballot (purpose: leading-unit, leader, deputy)."),
        ["vote.purpose"] = ("Mục đích: leading-unit, leader hoặc deputy.", "Purpose: leading-unit, leader or deputy."),
        ["vote.choice"] = ("Đơn vị được chọn.", "The unit chosen."),
        ["vote.abstain"] = ("Phiếu trắng (không chọn ai).", "Blank ballot (no choice)."),
        ["vote.needChoice"] = ("Cần một lựa chọn hoặc --abstain (không dùng cả hai).", "Give a choice or --abstain (not both)."),
        ["vote.done"] = ("Đã bỏ phiếu vòng {0}; mã phiếu {1}, biên nhận {2}.", "Ballot cast in round {0}; ballot id {1}, receipt {2}."),
        ["conference.description"] = (
            "Hội nghị tổng kết khối: chủ trì (trưởng khối của năm hoặc cán bộ Hội đồng) khai mạc, ghi nhận đơn vị có mặt, mở và đóng từng vòng bỏ phiếu, bế mạc; ai trong khối cũng xem được diễn biến.",
            "The bloc's year-end conference: the chair (the year's leader or council staff) opens it, records attendance, opens and closes each round, closes it; anyone of the bloc can follow it."),
        ["conference.open"] = ("Khai mạc hội nghị tổng kết khối (sau khi có kết quả xếp hạng).", "Open the year-end conference (once the ranking is published)."),
        ["conference.attendance"] = (
            "Ghi nhận đơn vị có mặt, có đại diện hoặc vắng mặt (mã đơn vị cách nhau bằng dấu phẩy).",
            "Record the units present, represented or absent (unit ids separated by commas)."),
        ["conference.present"] = ("Các đơn vị có mặt, ví dụ so-noi-vu,so-tu-phap.", "Units present, for example so-noi-vu,so-tu-phap."),
        ["conference.represented"] = ("Các đơn vị có người đại diện dự thay.", "Units represented by a delegate."),
        ["conference.absent"] = ("Các đơn vị vắng mặt.", "Units absent."),
        ["conference.twice"] = ("Đơn vị {0} được ghi hai lần; mỗi đơn vị chỉ có một tình trạng có mặt.", "Unit {0} is given twice; each unit has one presence."),
        ["conference.needAttendance"] = ("Cần ít nhất một trong --present, --represented, --absent.", "Give at least one of --present, --represented, --absent."),
        ["conference.round"] = ("Mở vòng bỏ phiếu tiếp theo của một cuộc bỏ phiếu (--purpose).", "Open the next round of a vote (--purpose)."),
        ["conference.closeRound"] = ("Kết thúc sớm một vòng bỏ phiếu đang mở; phiếu được kiểm ngay.", "Close an open round early; its ballots are counted at once."),
        ["conference.close"] = ("Bế mạc hội nghị; các cuộc bỏ phiếu chưa tổ chức kết thúc không có kết quả.", "Close the conference; votes not held end undecided."),
        ["conference.show"] = (
            "Diễn biến hội nghị: đơn vị có mặt, số lượng cần để bỏ phiếu, số phiếu đã nhận của vòng đang mở, kết quả các vòng đã kiểm, đề cử.",
            "The conference as it stands: attendance, quorum, the open round's ballots received, the counted rounds' results, nominations."),
        ["conference.purpose"] = ("Cuộc bỏ phiếu: {0}.", "The vote: {0}."),
        ["conference.roundNumber"] = ("Số thứ tự của vòng bỏ phiếu (1 là vòng đầu).", "Round number (1 is the first round)."),
        ["conference.roundOpening"] = ("Đã yêu cầu mở vòng {0} {1}; vòng bỏ phiếu mở trong giây lát ('thidua conference show' để theo dõi).", "Asked to open round {0} of the {1}; it opens in a moment ('thidua conference show' to follow it)."),
        ["conference.roundClosing"] = ("Đã yêu cầu kết thúc vòng {0} {1}; phiếu được kiểm ngay ('thidua conference show' để xem kết quả).", "Asked to close round {0} of the {1}; its ballots are counted at once ('thidua conference show' for the result)."),
        ["conference.title"] = ("Hội nghị tổng kết Khối thi đua {0} năm {1}", "Year-end conference of the {0} bloc, {1}"),
        ["conference.notOpened"] = ("chưa khai mạc", "not opened yet"),
        ["conference.opened"] = ("khai mạc lúc {0}", "opened at {0}"),
        ["conference.closed"] = ("bế mạc lúc {0}", "closed at {0}"),
        ["conference.closedByBound"] = ("tự kết thúc lúc {0} (hết thời hạn)", "ended by its time limit at {0}"),
        ["conference.attendance.column"] = ("Tình trạng", "Presence"),
        ["attendance.Present"] = ("Có mặt", "Present"),
        ["attendance.Represented"] = ("Có đại diện", "Represented"),
        ["attendance.Absent"] = ("Vắng mặt", "Absent"),
        ["conference.quorum"] = ("Có mặt hoặc có đại diện: {0}/{1} đơn vị thành viên (cần ít nhất {2}): {3}.", "Present or represented: {0} of {1} member units ({2} needed): {3}."),
        ["conference.quorumMet"] = ("đủ số lượng để bỏ phiếu", "quorum reached"),
        ["conference.quorumNotMet"] = ("chưa đủ số lượng để bỏ phiếu", "no quorum"),
        ["conference.openRound"] = ("Đang bỏ phiếu kín vòng {0} {1}; ứng cử: {2}", "Secret ballot in progress, round {0} of the {1}; candidates: {2}"),
        ["conference.received"] = ("Đã nhận {0}/{1} phiếu · kết thúc chậm nhất lúc {2}", "Received {0}/{1} ballots · closes at {2} at the latest"),
        ["conference.next"] = ("Tiếp theo: vòng {0} {1}.", "Next: round {0} of the {1}."),
        ["conference.result"] = ("Kết quả vòng {0} {1}: {2}/{3} phiếu", "Result of round {0} of the {1}: {2} of {3} ballots"),
        ["conference.candidate"] = ("Ứng cử", "Candidate"),
        ["conference.votes"] = ("Số phiếu", "Votes"),
        ["conference.percent"] = ("Tỷ lệ", "Share"),
        ["conference.winner"] = ("Kết quả: {0} đạt số phiếu cần thiết.", "Result: {0} reached the threshold."),
        ["outcome.Winner"] = ("Kết quả: có đơn vị đạt số phiếu cần thiết.", "Result: a unit reached the threshold."),
        ["outcome.NoQuorum"] = ("Kết quả: không đủ số phiếu tối thiểu.", "Result: too few ballots were cast."),
        ["outcome.NoMajority"] = ("Kết quả: không đơn vị nào đạt số phiếu cần thiết.", "Result: no unit reached the threshold."),
        ["outcome.Tie"] = ("Kết quả: các đơn vị dẫn đầu bằng phiếu nhau.", "Result: the first place is shared."),
        ["conference.runoff"] = ("Bỏ phiếu lại giữa: {0}.", "Runoff between: {0}."),
        ["conference.nominations"] = ("Đề cử {0} năm {1}: {2}", "Nominations for {0} for {1}: {2}"),
        ["conference.declinedNominee"] = ("{0} (đã từ chối)", "{0} (declined)"),
        ["vote.LeadingUnit"] = ("bình xét đơn vị dẫn đầu", "leading-unit vote"),
        ["vote.Leader"] = ("bầu trưởng khối năm sau", "vote for next year's bloc leader"),
        ["vote.Deputy"] = ("bầu phó trưởng khối năm sau", "vote for next year's deputy"),
        ["office.LeadingUnit"] = ("đơn vị dẫn đầu", "leading unit"),
        ["office.Leader"] = ("trưởng khối", "bloc leader"),
        ["office.Deputy"] = ("phó trưởng khối", "deputy"),
        ["nominate.description"] = (
            "Đề cử một đơn vị thành viên làm trưởng khối hoặc phó trưởng khối năm sau (chủ trì), hoặc đơn vị tự từ chối đề cử của mình (--decline), trước khi cuộc bỏ phiếu đó bắt đầu.",
            "Nominate a member unit for next year's bloc leader or deputy (the chair), or decline the unit's own nomination (--decline), before that vote opens."),
        ["nominate.unit"] = ("Mã đơn vị được đề cử.", "Id of the unit nominated."),
        ["nominate.decline"] = ("Đơn vị từ chối đề cử của chính mình.", "The unit declines its own nomination."),
        ["nominate.done"] = ("Đã đề cử {0} làm {1} năm {2}.", "Nominated {0} for {1} for {2}."),
        ["nominate.declined"] = ("{0} đã từ chối đề cử làm {1} năm {2}.", "{0} declined its nomination for {1} for {2}."),
        ["token.description"] = ("Cấp hoặc thu hồi mã truy cập (trực tiếp trên dữ liệu cục bộ).", "Issue or revoke access tokens (directly on the local data)."),
        ["token.issue"] = ("Cấp mã truy cập cho quản trị viên (--admin) hoặc một đơn vị (--unit khối/đơn-vị).", "Issue a token for council staff (--admin) or a unit (--unit bloc/unit)."),
        ["token.revoke"] = ("Thu hồi mã truy cập theo mã định danh.", "Revoke a token by its id."),
        ["token.admin"] = ("Mã cho cán bộ Hội đồng (quản trị).", "Token for council staff (admin)."),
        ["token.unit"] = ("Mã cho đơn vị, dạng khối/đơn-vị (ví dụ noi-chinh/so-tu-phap).", "Token for a unit, as bloc/unit (for example noi-chinh/so-tu-phap)."),
        ["token.days"] = ("Số ngày hiệu lực (mặc định 30).", "Days of validity (default 30)."),
        ["token.label"] = ("Ghi chú (ví dụ người nhận).", "Label (for example who receives it)."),
        ["token.id"] = ("Mã định danh của token.", "Token id."),
        ["token.needSubject"] = ("Cần đúng một trong --admin hoặc --unit khối/đơn-vị.", "Give exactly one of --admin or --unit bloc/unit."),
        ["token.badUnit"] = ("--unit phải có dạng khối/đơn-vị, ví dụ noi-chinh/so-tu-phap.", "--unit must read bloc/unit, for example noi-chinh/so-tu-phap."),
        ["token.issued"] = ("Mã truy cập (chỉ hiện một lần, hãy lưu lại):\n{0}\nMã định danh: {1} · hết hạn {2}", "Token (shown once, keep it):\n{0}\nToken id: {1} · expires {2}"),
        ["token.revoked"] = (
            "Đã thu hồi token {0}. Các máy chủ đang chạy sẽ từ chối token này chậm nhất sau ThiDua:Api:TokenCacheDuration (mặc định 30 giây).",
            "Revoked token {0}. Running hosts refuse it within ThiDua:Api:TokenCacheDuration (default 30 s)."),
        ["token.unknown"] = ("Không có token nào với mã định danh {0}.", "No token has id {0}."),
        ["outbox.description"] = ("Liệt kê thư máy chủ thư cục bộ đã nhận (thời gian, người nhận, tiêu đề).", "List the mail the local mail server received (time, recipient, subject)."),
        ["outbox.empty"] = ("Hộp thư đi trống ({0}).", "The outbox is empty ({0})."),
        ["outbox.time"] = ("Thời gian (UTC+7)", "Time (UTC+7)"),
        ["outbox.to"] = ("Người nhận", "Recipient"),
        ["outbox.subject"] = ("Tiêu đề", "Subject"),
        ["verify.description"] = (
            "Kiểm tra hồ sơ lưu trữ của một khối trong một năm: mã băm từng tệp, chữ ký số, chuỗi bản kê, đếm lại phiếu và tính lại xếp hạng, dữ liệu hiện hành của năm. Mã thoát 0 chỉ khi mọi kiểm tra đều đạt, 3 khi có sai lệch.",
            "Verify a bloc's archived year: every file's hash, the signatures, the manifest chain, recounted ballots and recomputed ranking, the year's current records. Exit code 0 only when every check holds, 3 when one does not."),
        ["verify.holds"] = ("Lưu trữ của khối {0} năm {1} toàn vẹn: {2} kiểm tra đều đạt.", "The archive of {0} for {1} holds: all {2} checks pass."),
        ["verify.fails"] = ("Lưu trữ của khối {0} năm {1} KHÔNG toàn vẹn: {2}/{3} kiểm tra không đạt.", "The archive of {0} for {1} does NOT hold: {2} of {3} checks fail."),
        ["documents.description"] = (
            "Tải các văn bản của một khối trong một năm thi đua (giao ước thi đua, bảng tổng hợp kết quả chấm điểm, các biên bản, tờ trình) về một thư mục, và cho biết văn bản nào còn chờ bước nào. Mã thoát 2 khi có tệp không tải được.",
            "Download a bloc's documents of a year (the compact, the score summary, the minutes, the award proposal) into a folder, and say which are still to come after which step. Exit code 2 when a file could not be downloaded."),
        ["documents.format"] = ("Chỉ tải định dạng này (docx hoặc pdf); mặc định cả hai.", "Download only this format (docx or pdf); both by default."),
        ["documents.output"] = ("Thư mục lưu tệp (mặc định: thư mục hiện tại).", "Folder to write the files to (default: the current folder)."),
        ["documents.written"] = ("{0}: {1} ({2:N0} byte)", "{0}: {1} ({2:N0} bytes)"),
        ["documents.none"] = ("Khối {0} chưa có văn bản nào của năm {1}.", "Bloc {0} has no document of {1} yet."),
        ["documents.pending"] = ("{0}: sẽ được lập {1}", "{0}: to come ({1})"),
        ["file.missing"] = ("Không tìm thấy tệp {0}.", "File {0} not found."),
        ["file.notSheet"] = ("{0}: cần một tệp Excel .xlsx.", "{0}: an Excel .xlsx file is needed."),
        ["file.notSheetOrCsv"] = ("{0}: cần một tệp Excel .xlsx hoặc .csv.", "{0}: an Excel .xlsx or a .csv file is needed."),
        ["file.notObject"] = ("cần một đối tượng JSON { … }", "a JSON object { … } is needed"),
        ["file.output"] = ("Tệp để lưu (mặc định: tên chuẩn, trong thư mục hiện tại).", "File to save to (default: the usual name, in the current folder)."),
        ["file.written"] = ("Đã lưu {0} ({1:N0} byte).", "Saved {0} ({1:N0} bytes)."),
        ["bloc.description"] = (
            "Khối thi đua (cán bộ Hội đồng): tạo, xem, sửa tên, đơn vị thành viên, thứ tự luân phiên, ngày bắt đầu năm thi đua và quy định của khối.",
            "Blocs (council staff): create, show, change the name, members, rotation order, yearly start date and rules."),
        ["bloc.create"] = ("Tạo khối thi đua mới.", "Create a bloc."),
        ["bloc.show"] = ("Xem khối thi đua: đơn vị thành viên (người liên hệ, chứng thư số), thứ tự luân phiên, quy định.", "Show a bloc: members (contacts, certificates), rotation order, rules."),
        ["bloc.set"] = (
            "Sửa khối thi đua: đọc bản hiện hành rồi ghi lại kèm ETag; nếu người khác vừa sửa, không có gì được ghi và cần chạy lại lệnh.",
            "Change a bloc: reads it and writes it back with its ETag; when someone else changed it meanwhile, nothing is written and the command is to be run again."),
        ["bloc.name"] = ("Tên khối, không kèm \"Khối thi đua\" (ví dụ \"Văn hóa – Xã hội\").", "Name of the bloc without \"Khối thi đua\" (for example \"Văn hóa – Xã hội\")."),
        ["bloc.membersOption"] = ("Mã các đơn vị thành viên, cách nhau bằng dấu phẩy (thay cả danh sách).", "Member unit ids, comma separated (replaces the list)."),
        ["bloc.rotationOption"] = (
            "Thứ tự luân phiên trưởng khối: mã đơn vị cách nhau bằng dấu phẩy (khi tạo khối, mặc định theo danh sách đơn vị thành viên).",
            "Leadership rotation order: unit ids, comma separated (on create, the members' order by default)."),
        ["bloc.launchDateOption"] = ("Ngày tự động bắt đầu năm thi đua hằng năm, dạng MM-DD (mặc định 01-15).", "Day the yearly cycle starts by itself, as MM-DD (default 01-15)."),
        ["bloc.badLaunchDate"] = ("--launch-date '{0}' không hợp lệ: cần dạng MM-DD, ví dụ 01-15.", "--launch-date '{0}' is not valid: MM-DD is needed, for example 01-15."),
        ["bloc.rulesFile"] = ("Tệp JSON các quy định của khối (như trong 'thidua bloc show --json'); quy định không nêu lấy giá trị mặc định.", "JSON file of the bloc's rules (as in 'thidua bloc show --json'); rules left out take their defaults."),
        ["bloc.rule"] = (
            "Sửa một quy định: đường dẫn=giá trị, ví dụ voting.thresholdPercent=70 hoặc leaderElection=vote (dùng nhiều lần được; danh sách: 'thidua bloc rules').",
            "Change one rule: path=value, for example voting.thresholdPercent=70 or leaderElection=vote (may be repeated; the list: 'thidua bloc rules')."),
        ["bloc.badRule"] = ("--rule '{0}' không hợp lệ: cần dạng đường-dẫn=giá-trị, ví dụ voting.thresholdPercent=70.", "--rule '{0}' is not valid: path=value is needed, for example voting.thresholdPercent=70."),
        ["bloc.rulesCatalog"] = (
            "Mọi quy định của khối đặt được bằng --rule: giá trị mặc định, các giá trị được chọn và ý nghĩa.",
            "Every rule --rule can set: its default, the values allowed and what it means."),
        ["bloc.ruleValues"] = ("Giá trị: {0}", "Values: {0}"),
        ["bloc.active"] = ("true: khối tiếp tục hoạt động; false: khối ngừng tổ chức năm thi đua.", "true: the bloc runs; false: the bloc no longer runs yearly cycles."),
        ["bloc.exists"] = ("Khối {0} đã có; sửa bằng 'thidua bloc set'.", "Bloc {0} exists; change it with 'thidua bloc set'."),
        ["bloc.created"] = ("Đã tạo Khối thi đua {0} (mã {1}) với {2} đơn vị thành viên.", "Created the {0} bloc (id {1}) with {2} members."),
        ["bloc.updated"] = ("Đã lưu Khối thi đua {0} (mã {1}).", "Saved the {0} bloc (id {1})."),
        ["bloc.changedMeanwhile"] = (
            "Khối {0} vừa được người khác sửa sau khi lệnh này đọc nó; không có gì được ghi. Hãy chạy lại lệnh (trên bản mới).",
            "Bloc {0} was changed by someone else after this command read it; nothing was written. Run the command again (on the new version)."),
        ["bloc.title"] = ("Khối thi đua {0} (mã {1}) · {2}", "The {0} bloc (id {1}) · {2}"),
        ["bloc.isActive"] = ("đang hoạt động", "active"),
        ["bloc.isInactive"] = ("ngừng hoạt động", "inactive"),
        ["bloc.launchDate"] = ("Năm thi đua tự động bắt đầu ngày {0} hằng năm.", "The yearly cycle starts by itself on {0} (day/month)."),
        ["bloc.members"] = ("Đơn vị thành viên ({0}):", "Members ({0}):"),
        ["bloc.unitMissing"] = ("{0} · chưa đăng ký đơn vị này ('thidua unit add')", "{0} · this unit is not registered yet ('thidua unit add')"),
        ["bloc.rotation"] = ("Thứ tự luân phiên trưởng khối: {0}", "Leadership rotation order: {0}"),
        ["bloc.rules"] = ("Quy định của khối (đường dẫn = giá trị, sửa bằng 'thidua bloc set --rule'):", "The bloc's rules (path = value, changed with 'thidua bloc set --rule'):"),
        ["unit.description"] = ("Đơn vị thành viên của khối (cán bộ Hội đồng): thêm, sửa, ngừng.", "A bloc's member units (council staff): add, change, deactivate."),
        ["unit.add"] = (
            "Thêm một đơn vị thành viên (tên, người liên hệ, chứng thư số); đơn vị được đưa vào danh sách đơn vị thành viên và cuối thứ tự luân phiên của khối.",
            "Add a member unit (name, contacts, certificate); it joins the bloc's members and the end of its rotation order."),
        ["unit.set"] = (
            "Sửa một đơn vị: đọc bản hiện hành rồi ghi lại kèm ETag; điều không nêu giữ nguyên, --contact thay cả danh sách người liên hệ.",
            "Change a unit: reads it and writes it back with its ETag; what is not given stays, --contact replaces the whole list of contacts."),
        ["unit.deactivate"] = (
            "Ngừng một đơn vị (đơn vị rời khối): không còn tham gia các năm thi đua phát động sau đó, được bỏ qua khi luân phiên; lịch sử được giữ.",
            "Deactivate a unit (it left the bloc): it takes no part in campaigns launched afterwards and the rotation skips it; its history stays."),
        ["unit.name"] = ("Tên đơn vị (ví dụ \"Sở Văn hóa, Thể thao và Du lịch\").", "Name of the unit (for example \"Sở Văn hóa, Thể thao và Du lịch\")."),
        ["unit.contact"] = ("Người liên hệ \"Họ tên|Chức vụ|email\" (dùng nhiều lần được).", "A contact \"Name|Role|email\" (may be repeated)."),
        ["unit.certificateOption"] = ("Tệp chứng thư số của đơn vị (.pem, .cer, .crt); không phải khóa riêng.", "The unit's certificate file (.pem, .cer, .crt); not its private key."),
        ["unit.badContact"] = ("--contact '{0}' không hợp lệ: cần \"Họ tên|Chức vụ|email\".", "--contact '{0}' is not valid: \"Name|Role|email\" is needed."),
        ["unit.privateKey"] = (
            "{0} chứa khóa riêng: chỉ gửi chứng thư số (.pem, .cer, .crt), khóa riêng luôn ở lại đơn vị. Không có gì được gửi đi.",
            "{0} holds a private key: only the certificate (.pem, .cer, .crt) is sent, the private key stays with the unit. Nothing was sent."),
        ["unit.exists"] = ("Đơn vị {0} của khối {1} đã có; sửa bằng 'thidua unit set'.", "Unit {0} of bloc {1} exists; change it with 'thidua unit set'."),
        ["unit.unknown"] = ("Khối {1} chưa có đơn vị {0}; thêm bằng 'thidua unit add'.", "Bloc {1} has no unit {0}; add it with 'thidua unit add'."),
        ["unit.changedMeanwhile"] = (
            "Đơn vị {0} của khối {1} vừa được người khác sửa sau khi lệnh này đọc nó; không có gì được ghi. Hãy chạy lại lệnh.",
            "Unit {0} of bloc {1} was changed by someone else after this command read it; nothing was written. Run the command again."),
        ["unit.added"] = ("Đã thêm đơn vị {0} (mã {1}) vào khối {2}, cuối thứ tự luân phiên.", "Added unit {0} (id {1}) to bloc {2}, last in the rotation order."),
        ["unit.updated"] = ("Đã lưu đơn vị {0} (mã {1}) của khối {2}.", "Saved unit {0} (id {1}) of bloc {2}."),
        ["unit.deactivated"] = ("Đã ngừng đơn vị {0} (mã {1}) của khối {2}.", "Deactivated unit {0} (id {1}) of bloc {2}."),
        ["unit.inactive"] = ("đã ngừng", "inactive"),
        ["unit.notMember"] = ("không có trong danh sách đơn vị thành viên", "not in the members list"),
        ["unit.contacts"] = ("{0} người liên hệ", "{0} contact(s)"),
        ["unit.certificate"] = ("chứng thư số {0}, hiệu lực đến {1}", "certificate {0}, valid until {1}"),
        ["unit.certificateExpired"] = ("chứng thư số {0} ĐÃ HẾT HẠN ngày {1}", "certificate {0} EXPIRED on {1}"),
        ["unit.hasCertificate"] = ("đã có chứng thư số", "certificate registered"),
        ["unit.noCertificate"] = ("chưa có chứng thư số", "no certificate yet"),
        ["units.description"] = ("Danh sách đơn vị của khối từ tệp Excel hoặc CSV (cán bộ Hội đồng).", "A bloc's units from an Excel or CSV file (council staff)."),
        ["units.import"] = (
            "Nhập danh sách đơn vị (mã, tên, người liên hệ) từ .xlsx hoặc .csv: thêm đơn vị mới vào khối, cập nhật đơn vị đã có, không ngừng đơn vị nào; --dry-run chỉ cho biết sẽ thay đổi gì.",
            "Import units (id, name, contacts) from .xlsx or .csv: new units join the bloc, existing ones are updated, none is deactivated; --dry-run only says what would change."),
        ["units.file"] = ("Tệp .xlsx hoặc .csv theo mẫu ('thidua units template').", "An .xlsx or .csv file in the template's layout ('thidua units template')."),
        ["units.dryRun"] = ("Chỉ kiểm tra và cho biết sẽ thay đổi gì; không ghi gì.", "Only check and say what would change; nothing is written."),
        ["units.template"] = ("Tải tệp mẫu danh sách đơn vị (.xlsx).", "Download the units template (.xlsx)."),
        ["units.wouldChange"] = ("Nếu nhập tệp này vào khối {0} (chưa ghi gì):", "Importing this file into bloc {0} would (nothing written):"),
        ["units.changed"] = ("Đã nhập vào khối {0}:", "Imported into bloc {0}:"),
        ["units.create"] = ("thêm mới", "added"),
        ["units.update"] = ("cập nhật ({0})", "updated ({0})"),
        ["units.unchanged"] = ("không đổi", "unchanged"),
        ["units.summaryDry"] = ("Sẽ thêm {0}, cập nhật {1}, giữ nguyên {2} đơn vị. Chạy lại không có --dry-run để ghi.", "Would add {0}, update {1}, leave {2} unit(s) unchanged. Run again without --dry-run to write."),
        ["units.summary"] = ("Đã thêm {0}, cập nhật {1}, giữ nguyên {2} đơn vị.", "Added {0}, updated {1}, left {2} unit(s) unchanged."),
        ["criteria.description"] = (
            "Bảng tiêu chí chấm điểm của một năm thi đua: nhập từ Excel, xuất ra Excel, tải tệp mẫu, sao chép từ năm trước.",
            "A year's scoring criteria: import from Excel, export to Excel, download the template, copy from an earlier year."),
        ["criteria.show"] = (
            "Xem bảng tiêu chí chấm điểm của năm: bản nháp đã lưu, hoặc bảng của năm thi đua đã phát động.",
            "Show the year's scoring criteria: the saved draft, or those of the launched campaign."),
        ["criteria.draft"] = ("Bản nháp bảng tiêu chí chấm điểm năm {0} của khối {1}, lưu lúc {2}:", "Draft {0} scoring criteria of bloc {1}, saved at {2}:"),
        ["criteria.launched"] = ("Bảng tiêu chí chấm điểm năm {0} của khối {1} (đã phát động thi đua):", "The {0} scoring criteria of bloc {1} (campaign launched):"),
        ["criteria.import"] = (
            "Nhập bảng tiêu chí chấm điểm từ tệp .xlsx làm bản nháp của năm (lỗi được chỉ rõ trang tính, dòng, cột; khi có lỗi không có gì được lưu); --dry-run chỉ kiểm tra.",
            "Import the scoring criteria from an .xlsx file as the year's draft (errors name the sheet, line and column; on an error nothing is saved); --dry-run only checks."),
        ["criteria.file"] = ("Tệp .xlsx theo mẫu ('thidua criteria template').", "An .xlsx file in the template's layout ('thidua criteria template')."),
        ["criteria.dryRun"] = ("Chỉ kiểm tra tệp; không lưu gì.", "Only check the file; nothing is saved."),
        ["criteria.export"] = ("Xuất bảng tiêu chí chấm điểm của năm ra tệp .xlsx (cùng mẫu với khi nhập).", "Export the year's scoring criteria to an .xlsx file (the import's layout)."),
        ["criteria.template"] = ("Tải tệp mẫu bảng tiêu chí chấm điểm (.xlsx).", "Download the scoring criteria template (.xlsx)."),
        ["criteria.copy"] = ("Sao chép bảng tiêu chí chấm điểm của một năm trước làm bản nháp của năm này.", "Copy an earlier year's scoring criteria as this year's draft."),
        ["criteria.from"] = ("Năm lấy bảng tiêu chí chấm điểm.", "The year to copy the scoring criteria from."),
        ["criteria.checked"] = ("Tệp hợp lệ: bảng tiêu chí chấm điểm năm {0} của khối {1} sẽ như sau (chưa lưu gì).", "The file is valid: the {0} scoring criteria of bloc {1} would read (nothing saved):"),
        ["criteria.saved"] = ("Đã lưu bản nháp bảng tiêu chí chấm điểm năm {0} của khối {1} lúc {2}.", "Saved the draft {0} scoring criteria of bloc {1} at {2}."),
        ["criteria.copied"] = ("Đã sao chép bảng tiêu chí chấm điểm năm {0} làm bản nháp năm {1} của khối {2} lúc {3}.", "Copied the {0} scoring criteria as the draft for {1} of bloc {2} at {3}."),
        ["criteria.summary"] = ("Thang điểm {0}: {1} tiêu chí, {2} mục điểm thưởng, {3} mục điểm trừ.", "Scale {0}: {1} criteria, {2} bonus and {3} penalty line(s)."),
        ["criteria.line"] = ("    {0}. {1} — tối đa {2}", "    {0}. {1} — at most {2}"),
        ["criteria.lineKind"] = ("    {0}. {1} — tối đa {2} ({3})", "    {0}. {1} — at most {2} ({3})"),
        ["criterion.Bonus"] = ("điểm thưởng", "bonus points"),
        ["criterion.Penalty"] = ("điểm trừ", "penalty points"),
        ["cycle.description"] = ("Năm thi đua của một khối (cán bộ Hội đồng).", "A bloc's yearly cycle (council staff)."),
        ["cycle.start"] = (
            "Bắt đầu năm thi đua của khối: quy trình của năm chờ trưởng khối phát động thi đua đến hạn; quá hạn thì năm trước được tiếp tục.",
            "Start a bloc's year: the year's workflow waits for the leader's launch until a deadline, after which last year is carried over."),
        ["cycle.started"] = ("Đã bắt đầu năm thi đua {0} của khối {1}; chờ trưởng khối phát động thi đua đến {2}.", "Started the {0} cycle of bloc {1}; it waits for the leader's launch until {2}."),
        ["cycle.running"] = ("Năm thi đua {0} của khối {1} đã bắt đầu từ trước.", "The {0} cycle of bloc {1} was already started."),
        ["launch.description"] = (
            "Phát động thi đua năm (trưởng khối của năm, hoặc cán bộ Hội đồng với năm đầu tiên của khối): in mọi thời hạn và ngày nhắc theo giờ Việt Nam; --preview chỉ xem trước, không phát động.",
            "Launch a year's campaign (the year's leader, or council staff for a bloc's first year): prints every deadline and reminder in Vietnam time; --preview only shows it, nothing is launched."),
        ["launch.criteria"] = ("Bảng tiêu chí chấm điểm từ tệp .xlsx (mặc định: bản nháp đã lưu của năm).", "Scoring criteria from an .xlsx file (default: the year's saved draft)."),
        ["launch.commitment"] = ("Một nội dung giao ước thi đua (dùng nhiều lần được, theo thứ tự).", "One commitment of the compact (may be repeated, in order)."),
        ["launch.preview"] = ("Chỉ xem trước lịch và giao ước thi đua; không phát động, không ghi gì.", "Only preview the schedule and the compact; nothing is launched or saved."),
        ["launch.leader"] = ("Trưởng khối của năm đầu tiên (chỉ cán bộ Hội đồng, khi chưa năm nào bầu).", "The leader of the bloc's first year (council staff only, when no earlier year elected one)."),
        ["launch.deputy"] = ("Phó trưởng khối của năm đầu tiên.", "The deputy of the bloc's first year."),
        ["launch.previewTitle"] = ("Xem trước phát động thi đua năm {0} của khối {1}:", "Preview of the {0} launch of bloc {1}:"),
        ["launch.previewOnly"] = ("Chưa phát động: chạy lại không có --preview để phát động.", "Not launched: run again without --preview to launch."),
        ["launch.done"] = ("Đã phát động thi đua năm {0} của khối {1}; các đơn vị ký giao ước thi đua ngay từ bây giờ.", "Launched the {0} campaign of bloc {1}; the units may sign the compact from now on."),
        ["launch.leadership"] = ("Trưởng khối: {0} · phó trưởng khối: {1}", "Bloc leader: {0} · deputy: {1}"),
        ["launch.members"] = ("{0} đơn vị thành viên: {1}", "{0} member units: {1}"),
        ["launch.compact"] = ("Giao ước thi đua: mã băm SHA-256 {0}", "Compact: SHA-256 hash {0}"),
        ["schedule.title"] = ("Lịch của năm (giờ Việt Nam):", "The year's schedule (Vietnam time):"),
        ["schedule.launch"] = ("Phát động thi đua, bắt đầu ký giao ước", "Launch; signing the compact opens"),
        ["schedule.signing"] = ("Hạn ký giao ước thi đua", "Deadline to sign the compact"),
        ["schedule.reminder"] = ("Nhắc đơn vị chưa nộp bảng tự chấm điểm", "Reminder to units that have not submitted their self-assessment"),
        ["schedule.scoring"] = ("Hạn nộp bảng tự chấm điểm", "Self-assessment deadline"),
        ["schedule.review"] = ("Hết thời gian thẩm định điểm", "End of the review"),
        ["schedule.voting"] = ("Hạn bình xét đơn vị dẫn đầu (vòng 1)", "Leading-unit vote closes (round 1)"),
        ["schedule.leaderElection"] = ("Hạn bầu trưởng khối, phó trưởng khối năm {0} (vòng 1)", "Election of the {0} bloc leader and deputy closes (round 1)"),
        ["schedule.archive"] = ("Lưu trữ hồ sơ năm thi đua", "The year is archived"),
        ["province.description"] = (
            "Mọi khối thi đua của tỉnh trong một năm (cán bộ Hội đồng): giai đoạn, thời hạn tiếp theo, đơn vị chưa thực hiện và trễ hạn, đơn vị dẫn đầu, trưởng khối năm sau, kết quả kiểm tra lưu trữ.",
            "Every bloc of the province in a year (council staff): phase, next deadline, pending and late units, leading unit, next leader, the archive's verification."),
        ["province.summary"] = ("Lưu thêm bảng tổng hợp của năm vào tệp .xlsx này.", "Also save the year's summary to this .xlsx file."),
        ["province.title"] = ("Các khối thi đua năm {0} ({1} khối):", "Blocs in {0} ({1}):"),
        ["province.bloc"] = ("Khối thi đua {0} ({1}): {2}{3}", "The {0} bloc ({1}): {2}{3}"),
        ["province.next"] = ("Tiếp theo: {0}, {1}", "Next: {0}, {1}"),
        ["province.units"] = ("{0} đơn vị thành viên · chưa thực hiện: {1} · trễ hạn: {2}", "{0} members · pending: {1} · late: {2}"),
        ["province.leadership"] = ("Đơn vị dẫn đầu: {0} · trưởng khối năm sau: {1} · phó trưởng khối: {2}", "Leading unit: {0} · next leader: {1} · deputy: {2}"),
        ["province.verified"] = ("Lưu trữ toàn vẹn: {0} kiểm tra đều đạt (kiểm tra lúc {2}).", "Archive holds: all {0} checks pass (checked at {2})."),
        ["province.notVerified"] = ("Lưu trữ KHÔNG toàn vẹn: {1}/{0} kiểm tra không đạt (kiểm tra lúc {2}).", "Archive does NOT hold: {1} of {0} checks fail (checked at {2})."),
        ["error"] = ("Lỗi: {0}", "Error: {0}"),
    };

    Texts(bool english) => English = english;

    public bool English { get; }

    /// <summary>The language tag the API is asked to answer in (Accept-Language), so its problems read like the CLI.</summary>
    public string Language => English ? "en" : "vi";

    public string this[string key] => English ? Table[key].En : Table[key].Vi;

    public string Format(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, this[key], args);

    /// <summary>
    /// Chooses the language before parsing, because command descriptions (and so --help) are
    /// built from it: the last --lang wins, then THIDUA_LANG, then Vietnamese.
    /// </summary>
    public static Texts Resolve(IReadOnlyList<string> args, string? environmentValue)
    {
        string? requested = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == LanguageOption && i + 1 < args.Count)
            {
                requested = args[i + 1];
            }
            else if (args[i].StartsWith(LanguageOption + "=", StringComparison.Ordinal) || args[i].StartsWith(LanguageOption + ":", StringComparison.Ordinal))
            {
                requested = args[i][(LanguageOption.Length + 1)..];
            }
        }

        requested ??= environmentValue;
        return new Texts(string.Equals(requested?.Trim(), "en", StringComparison.OrdinalIgnoreCase));
    }
}
