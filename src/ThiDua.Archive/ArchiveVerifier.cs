using System.Globalization;
using System.Text;
using System.Text.Json;
using ThiDua.Documents;
using ThiDua.Documents.Builders;
using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Storage;

namespace ThiDua.Archive;

/// <summary>
/// Verifies an archived year of a bloc from what is stored, for the CLI and the API: the manifest against
/// its hash recorded in the Documents table; every artifact's bytes against the manifest (SHA-256 and
/// size) and against its own Documents row; that the archive holds everything the year produced; the
/// chain of previous-manifest hashes back to the bloc's first archived year; the compact's canonical
/// bytes against the archived campaign; every signature (CMS over the archived compact bytes, with the
/// archived certificate, valid at signing time) against the sealed envelope; each round's tally counted
/// again from the archived ballots (<see cref="VoteRules.Count"/>); the ranking computed again from the
/// archived score sheets and adjustments (<see cref="Ranking.Compute"/>); the results against both (the
/// proposals selected again by <see cref="ProposalRules.Select"/>); each council decision on a proposal,
/// archived or taken after the archive (<see cref="ProposalStore"/>); and the year's Table rows (campaign, state, signatures, score versions, adjustments, vote rounds,
/// ballots, tallies, ranking, results) against the archived copies. It never writes.
/// </summary>
public sealed class ArchiveVerifier(
    IDocumentStore documents,
    ICampaignStore campaigns,
    ISignatureStore signatures,
    IScoreSheets sheets,
    IScoreAdjustments adjustments,
    IVoteStore votes,
    IResultStore results,
    CompactSignatureVerifier signatureVerifier)
{
    private readonly IDocumentStore _documents = documents;
    private readonly ICampaignStore _campaigns = campaigns;
    private readonly ISignatureStore _signatures = signatures;
    private readonly IScoreSheets _sheets = sheets;
    private readonly IScoreAdjustments _adjustments = adjustments;
    private readonly IVoteStore _votes = votes;
    private readonly IResultStore _results = results;
    private readonly CompactSignatureVerifier _signatureVerifier = signatureVerifier;

    /// <summary>Verifies <paramref name="blocId"/>'s archive of <paramref name="year"/>; texts in <paramref name="localizer"/>'s language (Vietnamese by default).</summary>
    public async Task<ArchiveVerification> VerifyAsync(string blocId, int year, Localizer? localizer = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blocId);
        var run = new Run(this, blocId, year, localizer ?? Localizer.Vietnamese, cancellationToken);
        await run.VerifyAsync();
        return new ArchiveVerification(blocId, year, run.Checks.All(c => c.Holds), run.Checks);
    }

    private sealed class Run(ArchiveVerifier owner, string blocId, int year, Localizer localizer, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, BinaryData> _verified = new(StringComparer.Ordinal);
        private ArchiveManifest _manifest = null!;

        public List<ArchiveCheck> Checks { get; } = [];

        private IDocumentStore Documents => owner._documents;

        public async Task VerifyAsync()
        {
            if (!await VerifyManifestAsync())
            {
                await VerifyStateAsync();
                return;
            }

            await VerifyArtifactsAsync();
            VerifyCompleteness();
            await VerifyChainAsync();
            var campaign = Read<Campaign>("campaign");
            VerifyCompact(campaign);
            VerifySignatures();
            var tallies = VerifyTallies(campaign);
            var ranking = VerifyRanking(campaign);
            VerifyResults(campaign, ranking, tallies);
            VerifyDocuments(campaign);
            await VerifyDecisionsAsync();
            await VerifyStateAsync();
            await VerifyRowsAsync();
        }

        private async Task<bool> VerifyManifestAsync()
        {
            var at = CycleDocuments.Manifest(blocId, year);
            var what = T("manifest.what", at);
            var stored = await Documents.ReadAsync(at.Container, at.Name, cancellationToken);
            if (stored is null)
            {
                return Add("manifest", what, T("missing", at));
            }

            var record = stored.Record;
            if (record is null)
            {
                return Add("manifest", what, T("record.missing", at));
            }

            if (!Same(record.Sha256, stored.ActualSha256))
            {
                return Add("manifest", what, T("manifest.hash", at, record.Sha256, stored.ActualSha256));
            }

            if (!TryDeserialize<ArchiveManifest>(stored.Content, out var manifest) || manifest.BlocId != blocId || manifest.Year != year)
            {
                return Add("manifest", what, T("unreadable", at));
            }

            _manifest = manifest;
            return Add("manifest", what, null);
        }

        private async Task VerifyArtifactsAsync()
        {
            foreach (var artifact in _manifest.Artifacts)
            {
                var at = new DocumentLocation(artifact.Container, artifact.Name);
                var subject = "artifact:" + at;
                var what = T("artifact.what", at, artifact.Kind);
                var stored = await Documents.ReadAsync(artifact.Container, artifact.Name, cancellationToken);
                if (stored is null)
                {
                    Add(subject, what, T("missing", at));
                    continue;
                }

                var size = stored.Content.ToMemory().Length;
                if (!Same(artifact.Sha256, stored.ActualSha256) || artifact.Size != size)
                {
                    Add(subject, what, T("artifact.hash", at, artifact.Sha256, artifact.Size, stored.ActualSha256, size));
                    continue;
                }

                _verified[Key(at)] = stored.Content;
                Add(subject, what, stored.Record switch
                {
                    null => T("record.missing", at),
                    { } record when !Same(record.Sha256, artifact.Sha256) || record.Size != artifact.Size =>
                        T("record.edited", at, artifact.Sha256, record.Sha256),
                    _ => null,
                });
            }
        }

        /// <summary>Everything issue-level completeness asks for: the year's record as a whole, and what offline signature checks need.</summary>
        private void VerifyCompleteness()
        {
            var missing = new List<string>();
            foreach (var kind in new[] { "campaign", "compact", "seal", "adjustments", "ranking", "results" })
            {
                if (!_manifest.Artifacts.Any(a => a.Kind == kind))
                {
                    missing.Add(kind);
                }
            }

            if (Read<CompactSealEnvelope>("seal") is { } seal)
            {
                foreach (var signature in seal.Signatures)
                {
                    if (!_manifest.Artifacts.Any(a => a.Kind == "signature" && a.Name == signature.BlobName))
                    {
                        missing.Add("signature " + signature.UnitId);
                    }

                    if (Find("certificate", CertificateName(signature.UnitId)) is null)
                    {
                        missing.Add("certificate " + signature.UnitId);
                    }
                }
            }

            foreach (var round in _manifest.Artifacts.Where(a => a.Kind == "vote-round"))
            {
                var folder = round.Name[..round.Name.LastIndexOf('/')];
                foreach (var part in new[] { "ballots", "tally" })
                {
                    if (Find(part, $"{folder}/{part}.json") is null)
                    {
                        missing.Add($"{part} {RoundKeyOf(round.Name)}");
                    }
                }
            }

            Add("completeness", T("completeness.what"), missing.Count == 0 ? null : T("completeness.missing", string.Join(", ", missing)));
        }

        private async Task VerifyChainAsync()
        {
            var what = T("chain.what", year);
            var link = _manifest.PreviousManifestSha256;
            for (var y = year - 1; y >= 2000; y--)
            {
                var at = CycleDocuments.Manifest(blocId, y);
                var previous = await Documents.ReadAsync(at.Container, at.Name, cancellationToken);
                if (link is null)
                {
                    Add("chain", what, previous is null ? null : T("chain.unlinked", y + 1, y, at));
                    return;
                }

                if (previous is null)
                {
                    Add("chain", what, T("chain.missing", y + 1, y, at));
                    return;
                }

                if (!Same(link, previous.ActualSha256))
                {
                    Add("chain", what, T("chain.broken", y + 1, y, link, previous.ActualSha256));
                    return;
                }

                if (!TryDeserialize<ArchiveManifest>(previous.Content, out var manifest))
                {
                    Add("chain", what, T("unreadable", at));
                    return;
                }

                link = manifest.PreviousManifestSha256;
            }

            Add("chain", what, null);
        }

        private void VerifyCompact(Campaign? campaign)
        {
            var compact = Find("compact", null);
            var what = T("compact.what");
            if (campaign is null || compact is null || !_verified.ContainsKey(Key(compact)))
            {
                Add("compact", what, T("input.missing", Unusable(("campaign.json", Find("campaign", null)), ("compact.json", compact))));
                return;
            }

            var expected = CompactDocument.Sha256(campaign);
            Add("compact", what, Same(expected, compact.Sha256) ? null : T("compact.mismatch", expected, compact.Sha256));
        }

        private void VerifySignatures()
        {
            var seal = Read<CompactSealEnvelope>("seal");
            var compact = Find("compact", null);
            if (seal is null || compact is null || !_verified.TryGetValue(Key(compact), out var compactBytes))
            {
                Add("seal", T("seal.what"), T("input.missing", Unusable(("seal.json", Find("seal", null)), ("compact.json", compact))));
                return;
            }

            Add("seal", T("seal.what"), Same(seal.CompactSha256, compact.Sha256) ? null : T("seal.compact", seal.CompactSha256, compact.Sha256));
            foreach (var sealedSignature in seal.Signatures)
            {
                var subject = "signature:" + sealedSignature.UnitId;
                var what = T("signature.what", sealedSignature.UnitId);
                var p7s = _manifest.Artifacts.FirstOrDefault(a => a.Kind == "signature" && a.Name == sealedSignature.BlobName);
                var certificate = Find("certificate", CertificateName(sealedSignature.UnitId));
                if (p7s is null || certificate is null || !_verified.TryGetValue(Key(p7s), out var signatureBytes) || !_verified.TryGetValue(Key(certificate), out var pem))
                {
                    Add(subject, what, T("input.missing", Unusable((sealedSignature.BlobName, p7s), (CertificateName(sealedSignature.UnitId), certificate))));
                    continue;
                }

                if (!Same(p7s.Sha256, sealedSignature.SignatureSha256))
                {
                    Add(subject, what, T("signature.sealed", sealedSignature.SignatureSha256, p7s.Sha256));
                    continue;
                }

                var check = owner._signatureVerifier.Verify(compactBytes.ToMemory(), signatureBytes.ToMemory(), Encoding.ASCII.GetString(pem.ToMemory().Span), localizer);
                Add(subject, what, !check.IsValid
                    ? check.Reason
                    : !string.Equals(check.CertificateThumbprint, sealedSignature.CertificateThumbprint, StringComparison.OrdinalIgnoreCase)
                        ? T("signature.thumbprint", sealedSignature.CertificateThumbprint, check.CertificateThumbprint)
                        : null);
            }
        }

        private Dictionary<string, Tally> VerifyTallies(Campaign? campaign)
        {
            var counted = new Dictionary<string, Tally>(StringComparer.Ordinal);
            foreach (var roundArtifact in _manifest.Artifacts.Where(a => a.Kind == "vote-round"))
            {
                var roundKey = RoundKeyOf(roundArtifact.Name);
                var folder = roundArtifact.Name[..roundArtifact.Name.LastIndexOf('/')];
                var subject = "tally:" + roundKey;
                var what = T("tally.what", roundKey);
                var round = Read<OpenedVoteRound>(roundArtifact);
                var ballots = Find("ballots", $"{folder}/ballots.json") is { } b ? Read<List<StoredBallot>>(b) : null;
                var tally = Find("tally", $"{folder}/tally.json") is { } t ? Read<Tally>(t) : null;
                if (campaign is null || round is null || ballots is null || tally is null)
                {
                    Add(subject, what, T("input.missing", Unusable(
                        ("campaign.json", Find("campaign", null)), (roundArtifact.Name, roundArtifact), ($"{folder}/ballots.json", Find("ballots", $"{folder}/ballots.json")), ($"{folder}/tally.json", Find("tally", $"{folder}/tally.json")))));
                    continue;
                }

                var forged = ballots.FirstOrDefault(x => !Same(x.Receipt, VoteRules.Receipt(new Ballot(roundKey, x.BallotId, x.Choice))));
                if (forged is not null)
                {
                    Add(subject, what, T("ballot.receipt", forged.BallotId));
                    continue;
                }

                Tally recount;
                try
                {
                    recount = VoteRules.Count(round.Round, ballots.Select(x => new Ballot(roundKey, x.BallotId, x.Choice)), campaign.Rules.Voting);
                }
                catch (ArgumentException e)
                {
                    Add(subject, what, T("tally.uncountable", e.Message));
                    continue;
                }

                counted[roundKey] = recount;
                Add(subject, what, SameJson(recount, tally) ? null : T("tally.mismatch", DescribeTally(tally), DescribeTally(recount)));
            }

            return counted;
        }

        private Ranking? VerifyRanking(Campaign? campaign)
        {
            var what = T("ranking.what");
            var archived = Read<Ranking>("ranking");
            var adjustments = Read<List<ScoreAdjustment>>("adjustments");
            var sheets = _manifest.Artifacts.Where(a => a.Kind == "score-sheet").Select(Read<ScoreSheet>).ToList();
            if (campaign is null || archived is null || adjustments is null || sheets.Any(s => s is null))
            {
                var inputs = new List<(string, ArchiveArtifact?)> { ("campaign.json", Find("campaign", null)), ("adjustments.json", Find("adjustments", null)), ("ranking.json", Find("ranking", null)) }
                    .Concat(_manifest.Artifacts.Where(a => a.Kind == "score-sheet").Select(a => (a.Name, (ArchiveArtifact?)a)));
                Add("ranking", what, T("input.missing", Unusable([.. inputs])));
                return null;
            }

            var recomputed = Ranking.Compute(campaign, sheets!, adjustments);
            var holds = SameJson(recomputed.Entries.Select(Line).ToList(), archived.Entries.Select(Line).ToList());
            Add("ranking", what, holds ? null : T("ranking.mismatch", DescribeRanking(archived), DescribeRanking(recomputed)));
            return archived;
        }

        private void VerifyResults(Campaign? campaign, Ranking? ranking, Dictionary<string, Tally> tallies)
        {
            var what = T("results.what");
            var result = Read<YearResult>("results");
            var seal = Read<CompactSealEnvelope>("seal");
            if (campaign is null || ranking is null || result is null || seal is null)
            {
                Add("results", what, T("input.missing", Unusable(
                    ("campaign.json", Find("campaign", null)), ("ranking.json", Find("ranking", null)), ("results.json", Find("results", null)), ("seal.json", Find("seal", null)))));
                return;
            }

            var leadingRounds = tallies.Where(t => t.Key.Contains("-leading-unit-", StringComparison.Ordinal)).OrderBy(t => t.Value.RoundNumber).ToList();
            var leading = leadingRounds.Count == 0 ? null : leadingRounds[^1].Value.WinnerId;
            if (!string.Equals(leading, result.LeadingUnitId, StringComparison.Ordinal))
            {
                Add("results", what, T("results.leading", result.LeadingUnitId ?? "—", leading ?? "—"));
                return;
            }

            var proposals = ProposalRules.Select(campaign.Rules, leading, ranking, seal.Missing);
            Add("results", what, SameJson(proposals, result.Proposals) ? null : T("results.proposals", Describe(result.Proposals), Describe(proposals)));
        }

        /// <summary>
        /// Every official document (<see cref="DocumentFacts"/>): its facts agree with the archived records they
        /// come from, and rendering them again gives the archived .docx and PDF byte for byte. A year that holds
        /// documents must hold one for the compact, the ranking and every counted round.
        /// </summary>
        private void VerifyDocuments(Campaign? campaign)
        {
            var factsArtifacts = _manifest.Artifacts.Where(a => a.Kind == "document-facts").ToList();
            if (factsArtifacts.Count == 0)
            {
                return;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var factsArtifact in factsArtifacts)
            {
                var name = DocumentName(factsArtifact.Name);
                names.Add(name);
                var facts = Read<DocumentFacts>(factsArtifact);
                if (facts is null || campaign is null)
                {
                    Add("document:" + name, T("document.what", name), T("input.missing", Unusable(("campaign.json", Find("campaign", null)), (factsArtifact.Name, factsArtifact))));
                    continue;
                }

                Add("document:" + name, T("document.what", facts.Title), FactsProblem(facts, campaign) ?? RenderingProblem(facts, name));
            }

            var expected = new List<string>();
            if (Find("seal", null) is not null)
            {
                expected.Add(DocumentFacts.NameOf(DocumentKind.Compact));
            }

            if (Find("ranking", null) is not null)
            {
                expected.Add(DocumentFacts.NameOf(DocumentKind.ScoreSummary));
            }

            foreach (var tally in _manifest.Artifacts.Where(a => a.Kind == "tally"))
            {
                if (Read<Tally>(tally) is { } counted && Read<OpenedVoteRound>(Find("vote-round", tally.Name[..tally.Name.LastIndexOf('/')] + "/round.json")!) is { } opened)
                {
                    expected.Add(DocumentFacts.NameOf(DocumentKind.VoteCount, opened.Round.Purpose, counted.RoundNumber));
                }
            }

            if (Find("results", null) is not null)
            {
                expected.Add(DocumentFacts.NameOf(DocumentKind.AwardProposal));
            }

            if (Read<ArchivedConference>("conference") is { Conference.OpenedAt: not null })
            {
                expected.Add(DocumentFacts.NameOf(DocumentKind.ConferenceMinutes));
            }

            var missing = expected.Where(n => !names.Contains(n)).ToList();
            Add("documents", T("documents.what"), missing.Count == 0 ? null : T("completeness.missing", string.Join(", ", missing)));
        }

        /// <summary>Where the facts disagree with the archived records they were drawn from, or null.</summary>
        private string? FactsProblem(DocumentFacts facts, Campaign campaign)
        {
            switch (facts.Kind)
            {
                case DocumentKind.Compact when facts.Compact is { } compact:
                    var seal = Read<CompactSealEnvelope>("seal");
                    var sealedSignatures = seal?.Signatures.Select(s => (s.UnitId, s.SignedAt)).Order().ToList() ?? [];
                    var printed = compact.Signatures.Select(s => (s.UnitId, s.SignedAt)).Order().ToList();
                    return !SameJson(compact.Campaign, campaign) ? T("document.facts", "campaign.json")
                        : !sealedSignatures.SequenceEqual(printed) ? T("document.facts", "seal.json")
                        : null;
                case DocumentKind.ScoreSummary when facts.ScoreSummary is { } summary:
                    var latest = _manifest.Artifacts.Where(a => a.Kind == "score-sheet").Select(Read<ScoreSheet>).OfType<ScoreSheet>()
                        .GroupBy(s => s.UnitId, StringComparer.Ordinal).Select(g => g.MaxBy(s => s.Version)!).OrderBy(s => s.UnitId, StringComparer.Ordinal).ToList();
                    return !SameJson(summary.Campaign, campaign) ? T("document.facts", "campaign.json")
                        : !SameJson(summary.Ranking, Read<Ranking>("ranking")) ? T("document.facts", "ranking.json")
                        : !SameJson(summary.Adjustments, Read<List<ScoreAdjustment>>("adjustments")) ? T("document.facts", "adjustments.json")
                        : !SameJson(summary.Sheets.OrderBy(s => s.UnitId, StringComparer.Ordinal).ToList(), latest) ? T("document.facts", "scores/")
                        : null;
                case DocumentKind.VoteCount when facts.VoteCount is { } minutes:
                    var folder = $"votes/{minutes.Round.RoundKey}/";
                    var round = Find("vote-round", folder + "round.json") is { } r ? Read<OpenedVoteRound>(r) : null;
                    var tally = Find("tally", folder + "tally.json") is { } t ? Read<Tally>(t) : null;
                    return round is null || !SameJson(minutes.Round, round.Round) ? T("document.facts", folder + "round.json")
                        : !SameJson(minutes.Tally, tally) ? T("document.facts", folder + "tally.json")
                        : !SameJson(minutes.Members, campaign.Members) || !SameJson(minutes.Rules, campaign.Rules.Voting) ? T("document.facts", "campaign.json")
                        : null;
                case DocumentKind.ConferenceMinutes when facts.ConferenceMinutes is { } conference:
                    var held = Read<ArchivedConference>("conference");
                    var attendance = held?.Attendance.OrderBy(a => a.UnitId, StringComparer.Ordinal).Select(a => new MemberAttendance(a.UnitId, a.Attendance)).ToList();
                    return !SameJson(conference.Campaign, campaign) ? T("document.facts", "campaign.json")
                        : YearEndProblem(conference.Ranking, conference.Proposals, conference.LeadingUnitId, conference.Votes)
                        ?? (!SameJson(conference.Leadership, Read<YearResult>("results")?.NextLeadership) ? T("document.facts", "results.json")
                        : held is null || !SameJson(conference.Attendance, attendance) || !SameJson(conference.OpenedAt, held.Conference?.OpenedAt) ? T("document.facts", "conference.json")
                        : null);
                case DocumentKind.AwardProposal when facts.AwardProposal is { } proposal:
                    return !SameJson(proposal.Campaign, campaign) ? T("document.facts", "campaign.json")
                        : YearEndProblem(proposal.Ranking, proposal.Proposals, proposal.LeadingUnitId, proposal.Votes);
                default:
                    return T("unreadable", facts.Name);
            }
        }

        /// <summary>Where a year-end document's ranking, proposals, leading unit or rounds disagree with the archive, or null.</summary>
        private string? YearEndProblem(Ranking ranking, IReadOnlyList<Proposal> proposals, string? leadingUnitId, IReadOnlyList<CountedRound> rounds)
        {
            var result = Read<YearResult>("results");
            if (!SameJson(ranking, Read<Ranking>("ranking")))
            {
                return T("document.facts", "ranking.json");
            }

            if (result is null || !SameJson(proposals, result.Proposals) || !string.Equals(leadingUnitId, result.LeadingUnitId, StringComparison.Ordinal))
            {
                return T("document.facts", "results.json");
            }

            foreach (var counted in rounds)
            {
                var folder = $"votes/{counted.Round.RoundKey}/";
                var round = Find("vote-round", folder + "round.json") is { } r ? Read<OpenedVoteRound>(r) : null;
                var tally = Find("tally", folder + "tally.json") is { } t ? Read<Tally>(t) : null;
                if (round is null || !SameJson(counted.Round, round.Round) || !SameJson(counted.Tally, tally))
                {
                    return T("document.facts", folder + "tally.json");
                }
            }

            return null;
        }

        /// <summary>Where rendering the facts again does not give the archived files, or null.</summary>
        private string? RenderingProblem(DocumentFacts facts, string name)
        {
            var document = facts.Build();
            foreach (var format in new[] { FileFormat.Docx, FileFormat.Pdf })
            {
                var fileName = $"{name}.{DocumentFacts.Extension(format)}";
                if (Find("document", fileName) is not { } file)
                {
                    return T("document.file", fileName);
                }

                var rendered = Hashing.Sha256Hex(DocumentFacts.Render(document, format));
                if (!Same(rendered, file.Sha256))
                {
                    return T("document.rendered", fileName, file.Sha256, rendered);
                }
            }

            return null;
        }

        private static string DocumentName(string factsName) =>
            factsName[(factsName.LastIndexOf('/') + 1)..^(CycleDocuments.FactsExtension.Length + 1)];

        /// <summary>
        /// Every decision of the council on the year's proposals: those taken before the archive are artifacts of
        /// the manifest (their bytes checked with the others), later ones are checked against their own hash
        /// record; each must decide a proposal the archived results hold.
        /// </summary>
        private async Task VerifyDecisionsAsync()
        {
            var proposals = Read<YearResult>("results")?.Proposals ?? [];
            var records = await Documents.ListRecordsAsync(DocumentContainers.Archives, CycleDocuments.ProposalDecisionsPrefix(blocId, year), cancellationToken);
            var names = records.Select(r => r.Name).Union(_manifest.Artifacts.Where(a => a.Kind == "proposal-decision").Select(a => a.Name), StringComparer.Ordinal);
            var places = proposals.Select((p, i) => (Name: CycleDocuments.ProposalDecision(blocId, year, p.LevelId, p.UnitId).Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
            foreach (var name in names.OrderBy(n => places.GetValueOrDefault(n, int.MaxValue)).ThenBy(n => n, StringComparer.Ordinal))
            {
                var at = new DocumentLocation(DocumentContainers.Archives, name);
                var archived = Find("proposal-decision", name);
                var parts = name.Split('/');
                var (levelId, unitId) = (parts[^2], Path.GetFileNameWithoutExtension(parts[^1]));
                var subject = $"decision:{levelId}/{unitId}";
                var what = T("decision.what", unitId, levelId, T(archived is null ? "decision.later" : "decision.archived"));
                BinaryData? bytes = null;
                if (archived is not null)
                {
                    if (!_verified.TryGetValue(Key(archived), out bytes))
                    {
                        Add(subject, what, T("input.missing", Key(archived)));
                        continue;
                    }
                }
                else if (await Documents.ReadAsync(at.Container, at.Name, cancellationToken) is not { } stored)
                {
                    Add(subject, what, T("missing", at));
                    continue;
                }
                else if (stored.Record is null || !stored.Verified)
                {
                    Add(subject, what, stored.Record is null ? T("record.missing", at) : T("decision.hash", at, stored.Record.Sha256, stored.ActualSha256));
                    continue;
                }
                else
                {
                    bytes = stored.Content;
                }

                if (!TryDeserialize<ProposalDecision>(bytes, out var decision))
                {
                    Add(subject, what, T("unreadable", at));
                    continue;
                }

                var known = decision.BlocId == blocId && decision.Year == year && decision.LevelId == levelId && decision.UnitId == unitId
                    && proposals.Any(p => p.LevelId == levelId && p.UnitId == unitId);
                var valid = decision.Outcome == ProposalStatus.Accepted
                    || (decision.Outcome == ProposalStatus.Returned && !string.IsNullOrWhiteSpace(decision.Reason));
                Add(subject, what, !known ? T("decision.unknown", year) : !valid ? T("decision.invalid") : null);
            }
        }

        private async Task VerifyStateAsync()
        {
            var state = await owner._campaigns.GetStateAsync(blocId, year, cancellationToken);
            Add("table:state", T("state.what"), state is { IsArchived: true } ? null : T("state.notArchived", state?.Phase.ToString() ?? "—"));
        }

        /// <summary>Each row the archive copied, read again and serialized as the archive did, must give the archived hash.</summary>
        private async Task VerifyRowsAsync()
        {
            var rows = new List<(string Name, string Kind, object? Value)>
            {
                ("campaign.json", "campaign", await owner._campaigns.GetAsync(blocId, year, cancellationToken)),
                ("adjustments.json", "adjustments", await owner._adjustments.ListAdjustmentsAsync(blocId, year, cancellationToken)),
                ("ranking.json", "ranking", await owner._results.GetRankingAsync(blocId, year, cancellationToken)),
                ("results.json", "results", await owner._results.GetYearResultAsync(blocId, year, cancellationToken)),
            };
            var units = _manifest.Artifacts.Where(a => a.Kind == "score-sheet").Select(a => a.Name.Split('/')[3]).ToHashSet(StringComparer.Ordinal);
            if (Read<Campaign>("campaign") is { } campaign)
            {
                units.UnionWith(campaign.Members.Select(m => m.UnitId));
            }

            foreach (var unitId in units.Order(StringComparer.Ordinal))
            {
                foreach (var sheet in await owner._sheets.ListVersionsAsync(blocId, year, unitId, cancellationToken))
                {
                    rows.Add((string.Create(CultureInfo.InvariantCulture, $"scores/{unitId}/v{sheet.Version:D6}.json"), "score-sheet", sheet));
                }
            }

            foreach (var roundArtifact in _manifest.Artifacts.Where(a => a.Kind == "vote-round"))
            {
                var roundKey = RoundKeyOf(roundArtifact.Name);
                rows.Add(($"votes/{roundKey}/round.json", "vote-round", (object?)await owner._votes.GetRoundAsync(roundKey, cancellationToken)));
                var ballots = (await owner._votes.ListBallotsAsync(roundKey, cancellationToken)).OrderBy(b => b.BallotId, StringComparer.Ordinal).ToList();
                rows.Add(($"votes/{roundKey}/ballots.json", "ballots", ballots));
                rows.Add(($"votes/{roundKey}/tally.json", "tally", (object?)await owner._votes.GetTallyAsync(roundKey, cancellationToken)));
            }

            var problems = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, kind, value) in rows)
            {
                var at = CycleDocuments.ArchivedRecord(blocId, year, name);
                seen.Add(at.Name);
                var archived = _manifest.Artifacts.FirstOrDefault(a => a.Container == at.Container && a.Name == at.Name);
                if (value is null)
                {
                    if (archived is not null)
                    {
                        problems.Add(T("row.missing", kind, at));
                    }

                    continue;
                }

                var hash = Hashing.Sha256Hex(DocumentJson.Serialize(value).ToMemory().Span);
                if (archived is null)
                {
                    problems.Add(T("row.unarchived", kind, at));
                }
                else if (!Same(hash, archived.Sha256))
                {
                    problems.Add(T("row.edited", kind, at, archived.Sha256, hash));
                }
            }

            foreach (var artifact in _manifest.Artifacts.Where(a => a.Kind == "score-sheet" && !seen.Contains(a.Name)))
            {
                problems.Add(T("row.missing", artifact.Kind, new DocumentLocation(artifact.Container, artifact.Name)));
            }

            var recorded = await owner._signatures.ListAsync(blocId, year, cancellationToken);
            foreach (var signature in recorded)
            {
                if (!_manifest.Artifacts.Any(a => a.Kind == "signature" && a.Name == signature.BlobName && Same(a.Sha256, signature.SignatureSha256)))
                {
                    problems.Add(T("row.signature", signature.UnitId, signature.SignatureSha256));
                }
            }

            foreach (var artifact in _manifest.Artifacts.Where(a => a.Kind == "signature" && !recorded.Any(s => s.BlobName == a.Name)))
            {
                problems.Add(T("row.missing", artifact.Kind, new DocumentLocation(artifact.Container, artifact.Name)));
            }

            Add("table:rows", T("rows.what"), problems.Count == 0 ? null : string.Join("; ", problems));
        }

        /// <summary>The inputs of a recomputation that are absent from the manifest or did not verify, by name.</summary>
        private string Unusable(params (string Name, ArchiveArtifact? Artifact)[] inputs)
        {
            var names = inputs
                .Where(i => i.Artifact is null || !_verified.ContainsKey(Key(i.Artifact)))
                .Select(i => i.Artifact is null ? i.Name : Key(i.Artifact))
                .ToList();
            return names.Count == 0 ? string.Join(", ", inputs.Select(i => i.Name)) : string.Join(", ", names);
        }

        private static object Line(RankedUnit entry) => new { entry.Rank, entry.UnitId, entry.Total, entry.PenaltyPoints, entry.Submitted };

        private static string DescribeRanking(Ranking ranking) =>
            string.Join(", ", ranking.Entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Rank}. {e.UnitId} {Points.Format(e.Total)}")));

        private static string DescribeTally(Tally tally) =>
            string.Join(", ", tally.Counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.CandidateId} {c.Votes}")))
            + string.Create(CultureInfo.InvariantCulture, $" ({tally.BallotsCast}, {tally.Outcome}, {tally.WinnerId ?? "—"})");

        private static string Describe(IReadOnlyList<Proposal> proposals) =>
            string.Join(", ", proposals.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.LevelId} {p.Order}. {p.UnitId}{(p.UndecidedVote ? " *" : "")}")));

        private static bool SameJson<TA, TB>(TA a, TB b) =>
            DocumentJson.Serialize(a).ToMemory().Span.SequenceEqual(DocumentJson.Serialize(b).ToMemory().Span);

        private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private static string Key(ArchiveArtifact artifact) => Key(new DocumentLocation(artifact.Container, artifact.Name));

        private static string Key(DocumentLocation at) => at.ToString();

        private static string RoundKeyOf(string name)
        {
            var parts = name.Split('/');
            return parts[^2];
        }

        private string CertificateName(string unitId) => CycleDocuments.ArchivedRecord(blocId, year, $"certificates/{unitId}.pem").Name;

        private ArchiveArtifact? Find(string kind, string? name) =>
            _manifest.Artifacts.FirstOrDefault(a => a.Kind == kind && (name is null || a.Name == name || a.Name.EndsWith("/" + name, StringComparison.Ordinal)));

        private T? Read<T>(string kind)
            where T : class => Find(kind, null) is { } artifact ? Read<T>(artifact) : null;

        private T? Read<T>(ArchiveArtifact artifact)
            where T : class =>
            _verified.TryGetValue(Key(artifact), out var bytes) && TryDeserialize<T>(bytes, out var value) ? value : null;

        private static bool TryDeserialize<T>(BinaryData bytes, out T value)
            where T : class
        {
            try
            {
                value = DocumentJson.Deserialize<T>(bytes);
                return true;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
            {
                value = null!;
                return false;
            }
        }

        private bool Add(string subject, string description, string? problem)
        {
            Checks.Add(new ArchiveCheck(subject, description, problem is null, problem));
            return problem is null;
        }

        private string T(string key, params object?[] args) =>
            string.Format(CultureInfo.InvariantCulture, ArchiveTexts.Get(localizer, key), args);
    }
}
