using ThiDua.Domain;

namespace ThiDua.Archive;

/// <summary>The verifier's texts, Vietnamese by default and English on request.</summary>
internal static class ArchiveTexts
{
    private static readonly Dictionary<string, (string Vi, string En)> Table = new(StringComparer.Ordinal)
    {
        ["manifest.what"] = ("Bản kê lưu trữ {0} khớp mã băm đã ghi khi lưu trữ", "Archive manifest {0} matches the hash recorded when it was archived"),
        ["manifest.hash"] = ("{0}: mã băm đã ghi là SHA-256 {1}, nội dung thực tế có SHA-256 {2}", "{0}: the recorded hash is SHA-256 {1}, the content has SHA-256 {2}"),
        ["missing"] = ("{0}: không còn trong kho lưu trữ (đã bị xoá)", "{0}: missing from storage (deleted)"),
        ["record.missing"] = ("{0}: không có mã băm đã ghi", "{0}: no recorded hash"),
        ["record.edited"] = ("{0}: bản kê ghi SHA-256 {1}, mã băm đã ghi là {2} (bản ghi đã bị sửa)", "{0}: the manifest lists SHA-256 {1}, the recorded hash is {2} (the record was edited)"),
        ["unreadable"] = ("{0}: không đọc được nội dung", "{0}: the content cannot be read"),
        ["artifact.what"] = ("Tệp lưu trữ {0} ({1}) khớp SHA-256 và kích thước trong bản kê", "Archived file {0} ({1}) matches the manifest's SHA-256 and size"),
        ["artifact.hash"] = ("{0}: bản kê ghi SHA-256 {1}, {2} byte; thực tế SHA-256 {3}, {4} byte (nội dung đã bị thay đổi)", "{0}: the manifest lists SHA-256 {1}, {2} bytes; found SHA-256 {3}, {4} bytes (the content was changed)"),
        ["completeness.what"] = ("Lưu trữ có đủ hồ sơ của năm (năm thi đua, giao ước, chữ ký và chứng thư, phong bì niêm phong, bảng tự chấm điểm, điều chỉnh, phiếu bầu và kết quả kiểm phiếu, xếp hạng, kết quả)", "The archive holds the whole record of the year (campaign, compact, signatures and certificates, seal, self-assessment sheets, adjustments, ballots and tallies, ranking, results)"),
        ["completeness.missing"] = ("Bản kê thiếu: {0}", "The manifest lacks: {0}"),
        ["chain.what"] = ("Chuỗi bản kê từ năm {0} về năm lưu trữ đầu tiên của khối", "Chain of manifests from {0} back to the bloc's first archived year"),
        ["chain.unlinked"] = ("Bản kê năm {0} không trỏ tới năm trước, nhưng bản kê năm {1} tồn tại ({2})", "The {0} manifest links to no previous year, but the {1} manifest exists ({2})"),
        ["chain.missing"] = ("Bản kê năm {0} trỏ tới bản kê năm {1}, nhưng {2} không còn", "The {0} manifest links to the {1} manifest, but {2} is missing"),
        ["chain.broken"] = ("Chuỗi bị đứt: bản kê năm {0} ghi SHA-256 của bản kê năm {1} là {2}, thực tế là {3}", "Broken chain: the {0} manifest records SHA-256 {2} for the {1} manifest, found {3}"),
        ["compact.what"] = ("Văn bản giao ước lưu trữ đúng là văn bản chuẩn tạo từ năm thi đua đã lưu trữ", "The archived compact is the canonical document of the archived campaign"),
        ["compact.mismatch"] = ("Văn bản chuẩn tạo từ năm thi đua có SHA-256 {0}, văn bản giao ước lưu trữ có {1}", "The campaign's canonical document has SHA-256 {0}, the archived compact has {1}"),
        ["input.missing"] = ("Không kiểm tra được: thiếu hoặc hỏng {0}", "Cannot be checked: missing or altered {0}"),
        ["seal.what"] = ("Phong bì niêm phong ghi đúng mã băm của văn bản giao ước", "The sealed envelope names the compact's hash"),
        ["seal.compact"] = ("Phong bì ghi SHA-256 {0}, văn bản giao ước lưu trữ có {1}", "The envelope records SHA-256 {0}, the archived compact has {1}"),
        ["signature.what"] = ("Chữ ký số của {0}: hợp lệ trên văn bản giao ước lưu trữ, với chứng thư lưu trữ, còn hiệu lực lúc ký", "Signature of {0}: valid over the archived compact, with the archived certificate, valid at signing time"),
        ["signature.sealed"] = ("Phong bì ghi SHA-256 chữ ký {0}, bản kê ghi {1}", "The envelope records signature SHA-256 {0}, the manifest lists {1}"),
        ["signature.thumbprint"] = ("Phong bì ghi chứng thư {0}, chữ ký dùng chứng thư {1}", "The envelope records certificate {0}, the signature uses {1}"),
        ["tally.what"] = ("Kết quả kiểm phiếu vòng {0} đếm lại từ các phiếu lưu trữ", "Tally of round {0} counted again from the archived ballots"),
        ["tally.mismatch"] = ("Kết quả lưu trữ: {0}; đếm lại: {1}", "Archived tally: {0}; counted again: {1}"),
        ["tally.uncountable"] = ("Không đếm được các phiếu lưu trữ: {0}", "The archived ballots cannot be counted: {0}"),
        ["ballot.receipt"] = ("Phiếu {0}: nội dung không khớp mã biên nhận (phiếu đã bị sửa)", "Ballot {0}: its content does not match its receipt (the ballot was edited)"),
        ["ranking.what"] = ("Bảng xếp hạng tính lại từ các bảng tự chấm điểm và điều chỉnh lưu trữ", "Ranking computed again from the archived self-assessment sheets and adjustments"),
        ["ranking.mismatch"] = ("Xếp hạng lưu trữ: {0}; tính lại: {1}", "Archived ranking: {0}; computed again: {1}"),
        ["results.what"] = ("Kết quả năm khớp kết quả bỏ phiếu và xếp hạng lưu trữ", "The year's results agree with the archived votes and ranking"),
        ["results.leading"] = ("Kết quả ghi đơn vị dẫn đầu {0}, kiểm phiếu cho {1}", "The results name {0} as leading unit, the tally gives {1}"),
        ["results.proposals"] = ("Kết quả ghi đề nghị khen thưởng {0}, tính lại theo quy chế {1}", "The results propose {0} for awards, the rules give {1}"),
        ["decision.what"] = ("Quyết định của Hội đồng về đề nghị {0} ({1}), {2}", "The council's decision on proposing {0} ({1}), {2}"),
        ["decision.archived"] = ("ghi trước khi lưu trữ, có trong bản kê", "taken before the archive, listed in its manifest"),
        ["decision.later"] = ("ghi sau khi lưu trữ, khớp mã băm đã ghi", "taken after the archive, matching its recorded hash"),
        ["decision.hash"] = ("{0}: mã băm đã ghi là SHA-256 {1}, nội dung thực tế có SHA-256 {2}", "{0}: the recorded hash is SHA-256 {1}, the content has SHA-256 {2}"),
        ["decision.unknown"] = ("Năm {0} của khối không đề nghị đơn vị này cho mức khen thưởng này", "The bloc's year {0} did not propose this unit for this level"),
        ["decision.invalid"] = ("Quyết định không hợp lệ: trả lại phải có lý do, kết quả phải là chấp thuận hoặc trả lại", "Invalid decision: a return needs a reason, the outcome must be accepted or returned"),
        ["state.what"] = ("Năm thi đua ở trạng thái Đã lưu trữ", "The campaign's state is Archived"),
        ["state.notArchived"] = ("Trạng thái hiện tại: {0}", "Current state: {0}"),
        ["rows.what"] = ("Dữ liệu hiện hành của năm khớp bản lưu trữ", "The year's current records agree with the archive"),
        ["row.missing"] = ("{0} {1}: có trong lưu trữ nhưng bản ghi hiện hành đã bị xóa", "{0} {1}: archived, but its current record is gone"),
        ["row.unarchived"] = ("{0} {1}: bản ghi hiện hành không có trong lưu trữ", "{0} {1}: a current record that the archive does not hold"),
        ["row.edited"] = ("{0} {1}: lưu trữ có SHA-256 {2}, bản ghi hiện hành cho {3} (bản ghi đã bị sửa)", "{0} {1}: archived with SHA-256 {2}, the current record now gives {3} (the record was edited)"),
        ["row.signature"] = ("Chữ ký số đã ghi nhận của {0} (SHA-256 {1}) không có trong lưu trữ", "The recorded signature of {0} (SHA-256 {1}) is not in the archive"),
        ["document.what"] = ("Văn bản {0}: nội dung khớp hồ sơ lưu trữ, bản Word và PDF đúng từng byte khi tạo lại", "Document {0}: its facts agree with the archive, and rendering them again gives the same Word and PDF files"),
        ["document.facts"] = ("Số liệu của văn bản không khớp hồ sơ lưu trữ {0}", "The document's facts disagree with the archived {0}"),
        ["document.file"] = ("Thiếu tệp {0} của văn bản", "The document's file {0} is missing"),
        ["document.rendered"] = ("{0}: tệp lưu trữ có SHA-256 {1}, tạo lại từ số liệu cho {2} (tệp đã bị thay đổi)", "{0}: the archived file has SHA-256 {1}, rendering its facts again gives {2} (the file was changed)"),
        ["documents.what"] = ("Có đủ văn bản chính thức của năm (giao ước thi đua, bảng tổng hợp kết quả chấm điểm, biên bản kiểm phiếu từng vòng)", "The year's official documents are all there (compact, score summary, vote count minutes of every round)"),
    };

    public static string Get(Localizer localizer, string key) =>
        localizer.Culture == "en" ? Table[key].En : Table[key].Vi;
}
