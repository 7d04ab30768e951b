using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ThiDua.Bench.Harness;
using ThiDua.Domain;
using ThiDua.Signing;

namespace ThiDua.Bench.Scenarios.Compact;

/// <summary>
/// A 30-unit bloc's compact: every unit signs the canonical bytes as a detached CMS signature and
/// the server verifies each (signature over the exact bytes, registered certificate, validity at
/// signing time). Baseline: a bare ECDSA P-256 signature and verification of the same bytes with
/// the same keys, which is the cryptography alone without CMS encoding and certificate checks.
/// </summary>
public sealed class CompactScenario : IBenchScenario
{
    public string Name => "compact";

    public string Description => "signing and verifying a 30-unit compact (CMS) vs bare ECDSA over the same bytes";

    public Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (units, warmUps, runs) = context.Quick ? (5, 1, 3) : (30, 3, 15);
        var now = DateTimeOffset.UtcNow;
        var certificates = Enumerable.Range(1, units)
            .Select(i => CompactSigning.CreateSelfSignedUnitCertificate(UnitName(i), now.AddDays(-1), now.AddYears(2)))
            .ToArray();
        try
        {
            var pems = certificates.Select(c => c.ExportCertificatePem()).ToArray();
            var compact = CompactDocument.CanonicalBytes(NewCampaign(units, now));
            var verifier = new CompactSignatureVerifier(TimeProvider.System);

            var signatures = SignAll(compact, certificates, now);
            var allValid = signatures.Select((s, i) => verifier.Verify(compact, s, pems[i])).All(c => c.IsValid);
            var tampered = (byte[])compact.Clone();
            tampered[tampered.Length / 2] ^= 1;
            var tamperRefused = verifier.Verify(tampered, signatures[0], pems[0]).Problem == SignatureProblem.WrongDocument;

            for (var i = 0; i < warmUps; i++)
            {
                SignAndVerify(compact, certificates, pems, verifier, now);
                BareEcdsa(compact, certificates);
            }

            // Alternate candidate and baseline so drift of this shared machine hits both alike.
            var cmsMs = new List<double>(runs);
            var bareMs = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                cmsMs.Add(Time(() => SignAndVerify(compact, certificates, pems, verifier, now)));
                bareMs.Add(Time(() => BareEcdsa(compact, certificates)));
            }

            var cms = Stats.Median(cmsMs);
            var bare = Stats.Median(bareMs);
            return Task.FromResult(new ScenarioResult(
                this.Name,
                [
                    new Figure("compact30SignVerifyMs", cms, "ms", $"{units} detached CMS signatures made and verified by the server's rules, median of {runs} runs"),
                    new Figure("compactBareEcdsaBaselineMs", bare, "ms", "bare ECDSA P-256 sign and verify of the same bytes with the same keys, median"),
                    new Figure("compactRatio", cms / bare, "ratio", "CMS sign+verify time / bare ECDSA time (informative)"),
                    new Figure("compactUnits", units, "units", "signers of the compact"),
                    new Figure("compactBytes", compact.Length, "bytes", "canonical compact size"),
                ],
                [
                    new Check("every unit's signature verifies", allValid, $"{units} signatures"),
                    new Check("a signature over changed bytes is refused as the wrong document", tamperRefused, "one bit flipped"),
                ]));
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    static string UnitName(int i) => string.Create(CultureInfo.InvariantCulture, $"Đơn vị {i}");

    static string UnitId(int i) => string.Create(CultureInfo.InvariantCulture, $"don-vi-{i:D2}");

    static Campaign NewCampaign(int units, DateTimeOffset now) => new()
    {
        BlocId = "khoi-30",
        BlocName = "Khối thi đua 30 đơn vị",
        Year = now.Year,
        LeaderUnitId = UnitId(1),
        DeputyUnitId = UnitId(2),
        Members = Enumerable.Range(1, units).Select(i => new CampaignMember(UnitId(i), UnitName(i))).ToList(),
        Commitments = ["Hoàn thành xuất sắc nhiệm vụ chính trị được giao.", "Thực hiện tốt công tác cải cách hành chính."],
        Criteria = new CriteriaTable
        {
            Scale = 100,
            Criteria =
            [
                new Criterion { Id = "1-1", Group = "I", Title = "Kết quả thực hiện nhiệm vụ chuyên môn", MaxPoints = 60 },
                new Criterion { Id = "1-2", Group = "I", Title = "Cải cách hành chính, chuyển đổi số", MaxPoints = 40 },
                new Criterion { Id = "thuong-1", Group = "II", Title = "Sáng kiến được công nhận", MaxPoints = 5, Kind = CriterionKind.Bonus },
                new Criterion { Id = "tru-1", Group = "III", Title = "Vi phạm kỷ luật", MaxPoints = 10, Kind = CriterionKind.Penalty },
            ],
        },
        Schedule = CampaignSchedule.ForYear(now.Year, 1, 15, new ScheduleRules()),
    };

    static byte[][] SignAll(byte[] compact, X509Certificate2[] certificates, DateTimeOffset at) =>
        certificates.Select(c => CompactSigning.SignDetached(compact, c, at)).ToArray();

    static bool SignAndVerify(byte[] compact, X509Certificate2[] certificates, string[] pems, CompactSignatureVerifier verifier, DateTimeOffset at)
    {
        var ok = true;
        for (var i = 0; i < certificates.Length; i++)
        {
            var signature = CompactSigning.SignDetached(compact, certificates[i], at);
            ok &= verifier.Verify(compact, signature, pems[i]).IsValid;
        }

        return ok;
    }

    static bool BareEcdsa(byte[] compact, X509Certificate2[] certificates)
    {
        var ok = true;
        foreach (var certificate in certificates)
        {
            using var key = certificate.GetECDsaPrivateKey()!;
            var signature = key.SignData(compact, HashAlgorithmName.SHA256);
            ok &= key.VerifyData(compact, signature, HashAlgorithmName.SHA256);
        }

        return ok;
    }

    static double Time(Func<bool> work)
    {
        var start = Stopwatch.GetTimestamp();
        if (!work())
        {
            throw new InvalidOperationException("A signature that should verify did not.");
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
