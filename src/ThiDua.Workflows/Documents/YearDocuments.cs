using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using ThiDua.Documents;
using ThiDua.Documents.Builders;
using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;
using AgreementSignature = ThiDua.Documents.Builders.CompactSignature;
using SealedSignature = ThiDua.Storage.SealedSignature;

namespace ThiDua.Workflows.Documents;

/// <summary>A produced official document of a year, as the API and the CLI list it.</summary>
/// <param name="Name">Its name within the year (also the downloaded file's name, without extension).</param>
/// <param name="Title">What a person calls it, in Vietnamese.</param>
/// <param name="Kind">Which document.</param>
public sealed record YearDocument(string Name, string Title, DocumentKind Kind);

/// <summary>A document the year will have and does not yet, with the step it waits for.</summary>
/// <param name="Name">Its name once produced; null for the vote count minutes, one per round still to be counted.</param>
/// <param name="Title">What a person calls it, in Vietnamese.</param>
/// <param name="Kind">Which document.</param>
/// <param name="Awaits">The step it is drawn up after, in Vietnamese ("sau khi kết thúc thẩm định").</param>
public sealed record PendingDocument(string? Name, string Title, DocumentKind Kind, string Awaits);

/// <summary>A year's documents: those produced and those still to come.</summary>
/// <param name="Produced">The produced documents, in the order a clerk files them.</param>
/// <param name="Pending">The documents still to come, in the same order.</param>
public sealed record YearDocumentList(IReadOnlyList<YearDocument> Produced, IReadOnlyList<PendingDocument> Pending);

/// <summary>
/// The one home of a year's official documents (<see cref="DocumentFacts"/>): the activities call it when a
/// document's facts are final (the compact when sealed, each round's biên bản kiểm phiếu when counted, the
/// bảng tổng hợp when the ranking is final), the archive makes sure every one of them exists, and the API
/// lists and serves them. Each document is stored write-once as its facts, its .docx and its PDF; the facts
/// are gathered once and stored first, so a retry renders the same bytes from them.
/// </summary>
public sealed class YearDocuments(
    IDocumentStore documents,
    ICampaignStore campaigns,
    IBlocStore blocs,
    IScoreSheets sheets,
    IScoreAdjustments adjustments,
    IResultStore results,
    IVoteStore votes,
    IConferenceStore conferences)
{
    private const string Json = "application/json";
    private const string CouncilRecipient = "Hội đồng Thi đua – Khen thưởng tỉnh;";
    private const string MembersRecipient = "Các đơn vị thành viên khối;";
    private const string FileRecipient = "Lưu: Khối.";
    private const string VoteCountAwaits = "sau khi kết thúc mỗi vòng bỏ phiếu";

    /// <summary>Every format a document is rendered to.</summary>
    public static IReadOnlyList<FileFormat> Formats { get; } = [FileFormat.Docx, FileFormat.Pdf];

    /// <summary>The giao ước thi đua of a sealed compact, with every digital signature of <paramref name="seal"/>.</summary>
    public async Task ProduceCompactAsync(Campaign campaign, CompactSealEnvelope seal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(seal);
        await ProduceAsync(campaign, DocumentFacts.NameOf(DocumentKind.Compact), async () => new DocumentFacts
        {
            Kind = DocumentKind.Compact,
            Compact = new CompactAgreementInput
            {
                Campaign = campaign,
                Place = Place(campaign),
                Date = VietnamTime.DateOf(campaign.Schedule.LaunchAt),
                Signatures = await SignaturesAsync(seal.Signatures, cancellationToken),
                Representatives = await RepresentativesAsync(campaign, cancellationToken),
                Recipients = [CouncilRecipient, MembersRecipient, FileRecipient],
            },
        }, cancellationToken);
    }

    /// <summary>The biên bản kiểm phiếu of a counted round, dated when it closed.</summary>
    public async Task ProduceVoteCountAsync(Campaign campaign, VoteRound round, Tally tally, DateTimeOffset closedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(tally);
        var name = DocumentFacts.NameOf(DocumentKind.VoteCount, round.Purpose, round.RoundNumber);
        await ProduceAsync(campaign, name, async () => new DocumentFacts
        {
            Kind = DocumentKind.VoteCount,
            VoteCount = new VoteCountMinutesInput
            {
                BlocName = campaign.BlocName,
                Round = round,
                Tally = tally,
                Rules = campaign.Rules.Voting,
                Members = campaign.Members,
                CountingBoard = await CountingBoardAsync(campaign, cancellationToken),
                Place = Place(campaign),
                ClosedAt = closedAt,
                Number = await NextMinutesNumberAsync(campaign, cancellationToken),
                Recipients = [CouncilRecipient, MembersRecipient, FileRecipient],
            },
        }, cancellationToken);
    }

    /// <summary>The bảng tổng hợp kết quả chấm điểm of the final ranking, dated <paramref name="at"/>.</summary>
    public async Task ProduceScoreSummaryAsync(Campaign campaign, Ranking ranking, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(ranking);
        await ProduceAsync(campaign, DocumentFacts.NameOf(DocumentKind.ScoreSummary), async () =>
        {
            var leader = await RepresentativeAsync(campaign, campaign.LeaderUnitId, cancellationToken);
            return new DocumentFacts
            {
                Kind = DocumentKind.ScoreSummary,
                ScoreSummary = new ScoreSummaryInput
                {
                    Campaign = campaign,
                    Ranking = ranking,
                    Sheets = await sheets.ListLatestAsync(campaign.BlocId, campaign.Year, cancellationToken),
                    Adjustments = await adjustments.ListAdjustmentsAsync(campaign.BlocId, campaign.Year, cancellationToken),
                    Place = Place(campaign),
                    Date = VietnamTime.DateOf(at),
                    Signatures = [new SignatureBlock("TM. " + Formal(campaign).ToUpperInvariant(), "TRƯỞNG KHỐI", leader.Name)],
                    Recipients = [CouncilRecipient, MembersRecipient, FileRecipient],
                },
            };
        }, cancellationToken);
    }

    /// <summary>
    /// The documents of the year's recorded results: the tờ trình đề nghị khen thưởng, and the biên bản hội nghị
    /// tổng kết khối when a conference was held (it is closed by then).
    /// </summary>
    public async Task ProduceYearEndAsync(Campaign campaign, YearResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(result);
        if (await results.GetRankingAsync(campaign.BlocId, campaign.Year, cancellationToken) is not { } ranking)
        {
            return;
        }

        var conference = await conferences.GetAsync(campaign.BlocId, campaign.Year, cancellationToken);
        var held = conference?.OpenedAt is { } openedAt ? openedAt : (DateTimeOffset?)null;
        if (held is { } opened && result.NextLeadership is { } leadership)
        {
            await ProduceAsync(campaign, DocumentFacts.NameOf(DocumentKind.ConferenceMinutes), async () =>
            {
                var chair = await RepresentativeAsync(campaign, campaign.LeaderUnitId, cancellationToken);
                var leaderUnit = campaign.FindMember(campaign.LeaderUnitId)?.Name ?? "";
                var secretary = (await blocs.GetUnitAsync(campaign.BlocId, campaign.LeaderUnitId, cancellationToken))?.Value.Contacts is [_, var second, ..]
                    ? new ConferenceOfficer(second.Name, second.Role, leaderUnit)
                    : new ConferenceOfficer(chair.Name, chair.Title, leaderUnit);
                return new DocumentFacts
                {
                    Kind = DocumentKind.ConferenceMinutes,
                    ConferenceMinutes = new ConferenceMinutesInput
                    {
                        Campaign = campaign,
                        Place = Place(campaign),
                        Date = VietnamTime.DateOf(opened),
                        OpenedAt = opened,
                        ClosedAt = conference!.ClosedAt,
                        Attendance = [.. (await conferences.ListAttendanceAsync(campaign.BlocId, campaign.Year, cancellationToken))
                            .OrderBy(a => a.UnitId, StringComparer.Ordinal)
                            .Select(a => new MemberAttendance(a.UnitId, a.Attendance))],
                        Chair = new ConferenceOfficer(chair.Name, chair.Title, leaderUnit),
                        Secretary = secretary,
                        Ranking = ranking,
                        Votes = await CountedRoundsAsync(campaign, null, cancellationToken),
                        LeadingUnitId = result.LeadingUnitId,
                        Leadership = leadership,
                        Proposals = result.Proposals,
                        Number = await NextMinutesNumberAsync(campaign, cancellationToken),
                        Recipients = [CouncilRecipient, MembersRecipient, FileRecipient],
                    },
                };
            }, cancellationToken);
        }

        await ProduceAsync(campaign, DocumentFacts.NameOf(DocumentKind.AwardProposal), async () => new DocumentFacts
        {
            Kind = DocumentKind.AwardProposal,
            AwardProposal = new AwardProposalInput
            {
                Campaign = campaign,
                Ranking = ranking,
                Proposals = result.Proposals,
                Votes = await CountedRoundsAsync(campaign, VotePurpose.LeadingUnit, cancellationToken),
                LeadingUnitId = result.LeadingUnitId,
                Signer = await RepresentativeAsync(campaign, campaign.LeaderUnitId, cancellationToken),
                CompactDate = VietnamTime.DateOf(campaign.Schedule.LaunchAt),
                ConferenceDate = held is { } day ? VietnamTime.DateOf(day) : null,
                Place = Place(campaign),
                Date = VietnamTime.DateOf(result.DecidedAt),
                Number = string.Create(CultureInfo.InvariantCulture, $"01/TTr-{Symbol(campaign.BlocName)}"),
                Recipients = ["Như trên;", MembersRecipient, FileRecipient],
            },
        }, cancellationToken);
    }

    /// <summary>
    /// Produces what the year's final facts call for and is not stored yet (a crash between a fact and its
    /// document, or a year whose cycle began before documents existed); the archive calls it first.
    /// </summary>
    public async Task EnsureAllAsync(Campaign campaign, CompactSealEnvelope? seal, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        if (seal is not null)
        {
            await ProduceCompactAsync(campaign, seal, cancellationToken);
        }

        if (await results.GetRankingAsync(campaign.BlocId, campaign.Year, cancellationToken) is { } ranking)
        {
            await ProduceScoreSummaryAsync(campaign, ranking, now, cancellationToken);
        }

        foreach (var purpose in Enum.GetValues<VotePurpose>())
        {
            for (var number = 1; await votes.GetRoundAsync(VoteRound.KeyOf(campaign.BlocId, campaign.Year, purpose, number), cancellationToken) is { } opened; number++)
            {
                if (await votes.GetTallyAsync(opened.Round.RoundKey, cancellationToken) is { } tally)
                {
                    await ProduceVoteCountAsync(campaign, opened.Round, tally, opened.ClosesAt < now ? opened.ClosesAt : now, cancellationToken);
                }
            }
        }

        if (await results.GetYearResultAsync(campaign.BlocId, campaign.Year, cancellationToken) is { } result)
        {
            await ProduceYearEndAsync(campaign, result, cancellationToken);
        }
    }

    /// <summary>Every counted round of the year (of <paramref name="purpose"/> only, when given), in the order held.</summary>
    private async Task<List<CountedRound>> CountedRoundsAsync(Campaign campaign, VotePurpose? purpose, CancellationToken cancellationToken)
    {
        var counted = new List<CountedRound>();
        foreach (var p in purpose is { } only ? [only] : Enum.GetValues<VotePurpose>())
        {
            for (var number = 1; await votes.GetRoundAsync(VoteRound.KeyOf(campaign.BlocId, campaign.Year, p, number), cancellationToken) is { } opened; number++)
            {
                if (await votes.GetTallyAsync(opened.Round.RoundKey, cancellationToken) is { } tally)
                {
                    counted.Add(new CountedRound(opened.Round, tally));
                }
            }
        }

        return counted;
    }

    /// <summary>The year's produced documents, in the order a clerk files them.</summary>
    public async Task<IReadOnlyList<YearDocument>> ListAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        var produced = new List<YearDocument>();
        foreach (var record in await documents.ListRecordsAsync(DocumentContainers.Documents, CycleDocuments.OfficialDocumentsPrefix(blocId, year), cancellationToken))
        {
            if (record.Name.EndsWith("." + CycleDocuments.FactsExtension, StringComparison.Ordinal)
                && await ReadFactsAsync(record, cancellationToken) is { } facts
                && await IsRenderedAsync(blocId, year, facts.Name, cancellationToken))
            {
                produced.Add(new YearDocument(facts.Name, facts.Title, facts.Kind));
            }
        }

        return [.. produced.OrderBy(d => d.Kind).ThenBy(d => d.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The year's produced documents and those still to come, each with the step it waits for, from the campaign's
    /// phase: a year archived without a step (a compact never sealed) will not have its document. Null without a campaign.
    /// </summary>
    public async Task<YearDocumentList?> ListWithPendingAsync(string blocId, int year, CancellationToken cancellationToken = default)
    {
        if (await campaigns.GetAsync(blocId, year, cancellationToken) is not { } campaign)
        {
            return null;
        }

        var produced = await ListAsync(blocId, year, cancellationToken);
        var phase = (await campaigns.GetStateAsync(blocId, year, cancellationToken))?.Phase ?? CampaignPhase.Launched;
        var pending = new List<PendingDocument>();
        if (phase < CampaignPhase.Archived)
        {
            void Expect(DocumentKind kind, string awaits)
            {
                var name = DocumentFacts.NameOf(kind);
                if (!produced.Any(d => d.Name == name))
                {
                    pending.Add(new PendingDocument(name, new DocumentFacts { Kind = kind }.Title, kind, awaits));
                }
            }

            Expect(DocumentKind.Compact, "sau khi khóa ký giao ước, hạn ký " + VietnamTime.Format(campaign.Schedule.SigningDeadline));
            Expect(DocumentKind.ScoreSummary, "sau khi kết thúc thẩm định");
            if (phase < CampaignPhase.Elected)
            {
                pending.Add(new PendingDocument(null, "Biên bản kiểm phiếu", DocumentKind.VoteCount, VoteCountAwaits));
            }

            // Minutes are drawn up only of a conference held: once the results are recorded, of one that opened.
            if (campaign.Rules.YearEnd == YearEndMode.Conference
                && (phase < CampaignPhase.Elected || (await conferences.GetAsync(blocId, year, cancellationToken))?.OpenedAt is not null))
            {
                Expect(DocumentKind.ConferenceMinutes, "sau khi bế mạc hội nghị tổng kết khối");
            }

            Expect(DocumentKind.AwardProposal, "sau khi ghi nhận kết quả năm thi đua");
        }

        return new YearDocumentList(produced, [.. pending.OrderBy(d => d.Kind)]);
    }

    /// <summary>
    /// The document named <paramref name="name"/> when the year will have it and does not yet (a biên bản kiểm
    /// phiếu of any round still to be counted), or null: produced, or no document of the year.
    /// </summary>
    public async Task<PendingDocument?> FindPendingAsync(string blocId, int year, string name, CancellationToken cancellationToken = default)
    {
        if (await ListWithPendingAsync(blocId, year, cancellationToken) is not { } list)
        {
            return null;
        }

        return list.Pending.FirstOrDefault(d => d.Name == name)
            ?? (IsVoteCountName(name) && list.Pending.FirstOrDefault(d => d.Kind == DocumentKind.VoteCount) is { } minutes
                ? minutes with { Name = name }
                : null);
    }

    private static bool IsVoteCountName(string name) =>
        Enum.GetValues<VotePurpose>().Any(purpose => Enumerable.Range(1, CycleProgress.MaxVoteRounds)
            .Any(round => DocumentFacts.NameOf(DocumentKind.VoteCount, purpose, round) == name));

    /// <summary>A produced document's file, or null when it is not produced (yet).</summary>
    public Task<DocumentContent?> ReadAsync(string blocId, int year, string name, FileFormat format, CancellationToken cancellationToken = default)
    {
        var at = CycleDocuments.OfficialDocument(blocId, year, name, DocumentFacts.Extension(format));
        return documents.ReadAsync(at.Container, at.Name, cancellationToken);
    }

    private async Task<bool> IsRenderedAsync(string blocId, int year, string name, CancellationToken cancellationToken)
    {
        foreach (var format in Formats)
        {
            var at = CycleDocuments.OfficialDocument(blocId, year, name, DocumentFacts.Extension(format));
            if (await documents.GetRecordAsync(at.Container, at.Name, cancellationToken) is null)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<DocumentFacts?> ReadFactsAsync(DocumentRecord record, CancellationToken cancellationToken) =>
        await documents.ReadAsync(record.Container, record.Name, cancellationToken) is { } stored
            ? DocumentJson.Deserialize<DocumentFacts>(stored.Content)
            : null;

    /// <summary>
    /// Stores the facts once (an earlier attempt's stand), then each rendering of the facts that stand. The
    /// renderings are byte-identical for equal facts, so a retry writes the same bytes again.
    /// </summary>
    private async Task ProduceAsync(Campaign campaign, string name, Func<Task<DocumentFacts>> gather, CancellationToken cancellationToken)
    {
        var factsAt = CycleDocuments.OfficialDocument(campaign.BlocId, campaign.Year, name, CycleDocuments.FactsExtension);
        DocumentFacts facts;
        if (await documents.ReadAsync(factsAt.Container, factsAt.Name, cancellationToken) is { } stored)
        {
            facts = DocumentJson.Deserialize<DocumentFacts>(stored.Content);
        }
        else
        {
            facts = await gather() with { Format = DocumentFacts.FactsFormat };
            var written = await documents.PutOnceAsync(factsAt.Container, factsAt.Name, DocumentJson.Serialize(facts), Json, cancellationToken);
            if (!written.Succeeded && await documents.ReadAsync(factsAt.Container, factsAt.Name, cancellationToken) is { } first)
            {
                facts = DocumentJson.Deserialize<DocumentFacts>(first.Content);
            }
        }

        var document = facts.Build();
        foreach (var format in Formats)
        {
            var at = CycleDocuments.OfficialDocument(campaign.BlocId, campaign.Year, name, DocumentFacts.Extension(format));
            if (await documents.GetRecordAsync(at.Container, at.Name, cancellationToken) is null)
            {
                await documents.PutOnceAsync(at.Container, at.Name, new BinaryData(DocumentFacts.Render(document, format)), DocumentFacts.ContentType(format), cancellationToken);
            }
        }
    }

    private async Task<List<AgreementSignature>> SignaturesAsync(IReadOnlyList<SealedSignature> sealedSignatures, CancellationToken cancellationToken)
    {
        var signed = new List<AgreementSignature>();
        foreach (var signature in sealedSignatures)
        {
            var p7s = await documents.ReadAsync(DocumentContainers.Compacts, signature.BlobName, cancellationToken);
            if (p7s is { Verified: true }
                && ArchivedCertificates.SignerCertificatePem(p7s.Content.ToMemory(), signature.CertificateThumbprint) is { } pem)
            {
                using var certificate = X509Certificate2.CreateFromPem(pem);
                signed.Add(new(signature.UnitId, certificate.Subject, certificate.SerialNumber, signature.SignedAt));
            }
        }

        return signed;
    }

    /// <summary>Who signs for each member: the first contact of its unit, as registered when the document is drawn up.</summary>
    private async Task<Dictionary<string, UnitRepresentative>> RepresentativesAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var units = (await blocs.ListUnitsAsync(campaign.BlocId, cancellationToken)).ToDictionary(u => u.Value.UnitId, u => u.Value, StringComparer.Ordinal);
        var representatives = new Dictionary<string, UnitRepresentative>(StringComparer.Ordinal);
        foreach (var member in campaign.Members)
        {
            if (units.TryGetValue(member.UnitId, out var unit) && unit.Contacts is [var head, ..])
            {
                representatives[member.UnitId] = new UnitRepresentative(head.Role, head.Name);
            }
        }

        return representatives;
    }

    private async Task<UnitRepresentative> RepresentativeAsync(Campaign campaign, string unitId, CancellationToken cancellationToken) =>
        (await blocs.GetUnitAsync(campaign.BlocId, unitId, cancellationToken))?.Value.Contacts is [var head, ..]
            ? new UnitRepresentative(head.Role, head.Name)
            : new UnitRepresentative("Thủ trưởng đơn vị", "");

    /// <summary>The counting board: the year's leader's representative heads it, the deputy's is a member.</summary>
    private async Task<List<CountingBoardMember>> CountingBoardAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var board = new List<CountingBoardMember>();
        foreach (var (unitId, role) in new[] { (campaign.LeaderUnitId, "Trưởng ban"), (campaign.DeputyUnitId, "Thành viên") })
        {
            if (unitId is null || campaign.FindMember(unitId) is not { } member)
            {
                continue;
            }

            var representative = await RepresentativeAsync(campaign, unitId, cancellationToken);
            var name = representative.Name.Length > 0 ? representative.Name : "Đại diện " + member.Name;
            board.Add(CountingBoardMember.Of(name, representative.Title, member.Name, role));
        }

        return board;
    }

    /// <summary>"02/BB-KTĐNC": the year's minutes are numbered in the order they are drawn up.</summary>
    private async Task<string> NextMinutesNumberAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var prefix = CycleDocuments.OfficialDocumentsPrefix(campaign.BlocId, campaign.Year) + "bien-ban-";
        var drawn = (await documents.ListRecordsAsync(DocumentContainers.Documents, prefix, cancellationToken))
            .Count(r => r.Name.EndsWith("." + CycleDocuments.FactsExtension, StringComparison.Ordinal));
        return string.Create(CultureInfo.InvariantCulture, $"{drawn + 1:D2}/BB-{Symbol(campaign.BlocName)}");
    }

    /// <summary>The bloc's symbol on its documents: "KTĐ" and the initials of its name (Nội chính → KTĐNC).</summary>
    private static string Symbol(string blocName) =>
        "KTĐ" + string.Concat(blocName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0])));

    private static string Formal(Campaign campaign) => "Khối thi đua " + campaign.BlocName;

    private static string Place(Campaign campaign) =>
        campaign.Rules.Documents.Place is { Length: > 0 } place ? place : "…………";
}
