using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MimeKit;
using ThiDua.Cli.Demo;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;
using Xunit.Abstractions;

namespace ThiDua.Integration.Tests.Faults;

/// <summary>
/// Compares what two runs of the same <see cref="ScriptedYear"/> decided and kept: everything the inputs
/// determine must be equal. What legitimately differs between two runs is left out, and only that:
/// <list type="bullet">
/// <item>instants (JSON properties ending in "At": submittedAt, finalSubmittedAt, adjustedAt, decidedAt,
/// closesAt, signedAt; the closing time in the minutes): they say when things happened;</item>
/// <item>signature bytes (the .p7s, their hash and size in the seal, the blob name that carries the hash):
/// ECDSA signatures are randomized and embed the signing time; each run's verification checks them instead;</item>
/// <item>ballot ids and receipts, and so the order of the archived ballots: random by design, so that no
/// ballot can be linked to its voter;</item>
/// <item>the rendered official documents (.docx, PDF): they print those instants; their facts are compared
/// instead, and each run's verification renders the facts again and finds the same bytes.</item>
/// </list>
/// </summary>
internal static partial class YearComparison
{
    /// <summary>Kinds of archived artifacts whose bytes the inputs alone determine.</summary>
    static readonly HashSet<string> ExactKinds = new(StringComparer.Ordinal) { "campaign", "compact", "compact-html", "certificate", "tally" };

    static readonly HashSet<string> RandomProperties = new(StringComparer.Ordinal) { "signatureSha256", "size", "blobName", "ballotId", "receipt" };

    public static void AssertSame(YearRecord expected, YearRecord actual, int reminders, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(output);

        // Both runs went through the whole year: every workflow instance finished, none waits or is stuck.
        Assert.NotEmpty(expected.Instances);
        Assert.Equal(expected.Instances.Keys.Order(StringComparer.Ordinal), actual.Instances.Keys.Order(StringComparer.Ordinal));
        Assert.All(actual.Instances, i => Assert.Equal("Completed", i.Value));
        Assert.All(expected.Instances, i => Assert.Equal("Completed", i.Value));

        // The decisions.
        var results = (expected.Results, actual.Results);
        Assert.NotNull(results.Item1.Ranking);
        Assert.NotNull(results.Item2.Ranking);
        Assert.Equal(DemoScenario.ExpectedTotals().OrderByDescending(t => t.Value).Select(t => (t.Key, t.Value)), results.Item1.Ranking.Entries.Select(e => (e.UnitId, e.Total)));
        Assert.Equal(Ranked(results.Item1), Ranked(results.Item2));
        Assert.Equal(results.Item1.Ranking.Order, results.Item2.Ranking.Order);
        Assert.Equal(NoiChinhBloc.HomeAffairs, results.Item1.LeadingUnitId);
        Assert.Equal(results.Item1.LeadingUnitId, results.Item2.LeadingUnitId);
        Assert.NotNull(results.Item1.Proposals);
        Assert.NotNull(results.Item2.Proposals);
        Assert.Equal(NoiChinhBloc.HomeAffairs, results.Item1.Proposals[0].UnitId);
        Assert.Equal(results.Item1.Proposals, results.Item2.Proposals);
        Assert.Equal((NoiChinhBloc.HomeAffairs, NoiChinhBloc.Police), (results.Item1.NextLeaderUnitId, results.Item1.NextDeputyUnitId));
        Assert.Equal((results.Item1.NextLeaderUnitId, results.Item1.NextDeputyUnitId), (results.Item2.NextLeaderUnitId, results.Item2.NextDeputyUnitId));

        // The vote: same candidates, turnout, counts and outcome; the same choices on the published ballots.
        var rounds = (expected.LeadingUnitRound, actual.LeadingUnitRound);
        Assert.Equal(rounds.Item1.Candidates, rounds.Item2.Candidates);
        Assert.Equal(rounds.Item1.EligibleVoters, rounds.Item2.EligibleVoters);
        Assert.Equal(5, rounds.Item2.Tally.BallotsCast);
        Assert.Equal(JsonSerializer.Serialize(rounds.Item1.Tally), JsonSerializer.Serialize(rounds.Item2.Tally));
        Assert.Equal(rounds.Item1.Ballots.Select(b => b.Choice).Order(), rounds.Item2.Ballots.Select(b => b.Choice).Order());

        // Every submitted version, none lost or doubled by a retry after a restart.
        foreach (var (unitId, versions) in expected.Versions)
        {
            Assert.Equal(
                versions.Select(v => (v.Version, v.ClientRequestId, v.Totals, Lines: string.Join(";", v.Lines))),
                actual.Versions[unitId].Select(v => (v.Version, v.ClientRequestId, v.Totals, Lines: string.Join(";", v.Lines))));
        }

        // The archive: the same artifacts, each equal once instants and random values are set aside, and
        // each run's verification (hashes, signatures, chain, recounts) holds.
        Assert.True(expected.Verification.Holds, Failed(expected));
        Assert.True(actual.Verification.Holds, Failed(actual));
        Assert.NotNull(expected.Manifest);
        Assert.NotNull(actual.Manifest);
        Assert.Equal(expected.Manifest.PreviousManifestSha256, actual.Manifest.PreviousManifestSha256);
        var expectedArtifacts = Artifacts(expected.Manifest);
        var actualArtifacts = Artifacts(actual.Manifest);
        Assert.Equal(expectedArtifacts.Keys, actualArtifacts.Keys);
        Assert.Contains(expectedArtifacts.Values, a => a.Kind == "compact");
        foreach (var (name, artifact) in expectedArtifacts)
        {
            var other = actualArtifacts[name];
            if (ExactKinds.Contains(artifact.Kind))
            {
                Assert.True(artifact.Sha256 == other.Sha256, $"{name} differs: {artifact.Sha256} against {other.Sha256}.");
            }
            else if (artifact.Kind is not ("signature" or "document"))
            {
                Assert.Equal(Comparable(artifact, expected.Archived[artifact.Name]), Comparable(other, actual.Archived[other.Name]));
            }
        }

        output.WriteLine($"{expectedArtifacts.Count} archived artifacts compared; compact {expectedArtifacts.Values.Single(a => a.Kind == "compact").Sha256}");

        // Reminders: the unit that never submitted got each one exactly once, and no message went out twice.
        foreach (var record in new[] { expected, actual })
        {
            var justice = CycleHostsAddresses(DemoScenario.NeverSubmits);
            Assert.Equal(reminders, record.Mail.Count(m => m.Kind == MessageKeys.ReminderKind && m.Recipients.Any(justice.Contains)));
            // Every message has the Message-ID of its outbox key: a message sent twice shows up twice.
            var ids = record.Mail.Select(m => MimeMessage.Load(m.File).MessageId).ToList();
            Assert.Equal(ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        }
    }

    static IEnumerable<(int Rank, string UnitId, string Name, decimal Total, decimal PenaltyPoints, bool Submitted)> Ranked(CampaignResults results) =>
        results.Ranking!.Entries.Select(e => (e.Rank, e.UnitId, e.Name, e.Total, e.PenaltyPoints, e.Submitted));

    static HashSet<string> CycleHostsAddresses(string unitId) => Infrastructure.CycleHosts.Addresses(unitId);

    static string Failed(YearRecord record) =>
        string.Join("; ", record.Verification.Checks.Where(c => !c.Holds).Select(c => c.ToString()));

    /// <summary>The manifest's artifacts by name, a signature's name without the hash it carries.</summary>
    static SortedDictionary<string, ArchiveArtifact> Artifacts(ArchiveManifest manifest) =>
        new(manifest.Artifacts.ToDictionary(a => a.Kind == "signature" ? SignatureHash().Replace(a.Name, ".p7s") : a.Name, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>An archived document with what legitimately differs between runs set aside (see the class summary).</summary>
    static string Comparable(ArchiveArtifact artifact, byte[] content)
    {
        var text = Encoding.UTF8.GetString(content);
        if (!artifact.Name.EndsWith(".json", StringComparison.Ordinal))
        {
            return Receipt().Replace(VietnamTime().Replace(text, "<time>"), "<receipt>");
        }

        var json = JsonNode.Parse(text);
        Strip(json);

        // Ballots are archived in the order of their random ids: only which choices they carry is compared.
        return artifact.Kind == "ballots" && json is JsonArray ballots
            ? string.Join(",", ballots.Select(b => b?.ToJsonString()).Order(StringComparer.Ordinal))
            : json?.ToJsonString() ?? "null";
    }

    static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).Where(k => k.EndsWith("At", StringComparison.Ordinal) || RandomProperties.Contains(k)).ToList())
                {
                    obj.Remove(key);
                }

                foreach (var (_, value) in obj)
                {
                    Strip(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item);
                }

                break;
        }
    }

    [GeneratedRegex("-[0-9a-f]{64}\\.p7s$")]
    private static partial Regex SignatureHash();

    [GeneratedRegex("\\b[0-9a-f]{64}\\b")]
    private static partial Regex Receipt();

    [GeneratedRegex("\\d{2}:\\d{2} ngày \\d{2}/\\d{2}/\\d{4}")]
    private static partial Regex VietnamTime();
}
