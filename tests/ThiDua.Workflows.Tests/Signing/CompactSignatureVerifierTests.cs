using System.Security.Cryptography.X509Certificates;
using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Workflows.Tests.Infrastructure;

namespace ThiDua.Workflows.Tests.Signing;

/// <summary>Real ECDSA certificates and CMS signatures over a compact's canonical bytes.</summary>
public sealed class CompactSignatureVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 2, 1, 10, 0, 0, TimeSpan.FromHours(7));
    private readonly byte[] _compact = CompactDocument.CanonicalBytes(ActivityWorld.NewCampaign());
    private readonly X509Certificate2 _tuPhap = CompactSigning.CreateSelfSignedUnitCertificate("Sở Tư pháp", Now.AddYears(-1), Now.AddYears(2));
    private readonly X509Certificate2 _congAn = CompactSigning.CreateSelfSignedUnitCertificate("Công an tỉnh", Now.AddYears(-1), Now.AddYears(2));
    private readonly CompactSignatureVerifier _verifier = new(new TestClock(Now));

    private string TuPhapPem => _tuPhap.ExportCertificatePem();

    [Fact]
    public void A_signature_of_the_compact_with_the_units_registered_certificate_is_accepted()
    {
        var signature = CompactSigning.SignDetached(_compact, _tuPhap, Now.AddMinutes(-3));

        var check = _verifier.Verify(_compact, signature, TuPhapPem);

        Assert.True(check.IsValid, check.Reason);
        Assert.Equal(_tuPhap.Thumbprint, check.CertificateThumbprint);
        Assert.Equal(Now.AddMinutes(-3).UtcDateTime, check.SignedAt!.Value.UtcDateTime, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_signature_of_another_document_is_refused_as_the_wrong_document()
    {
        var other = CompactDocument.CanonicalBytes(ActivityWorld.NewCampaign(2027));
        var signature = CompactSigning.SignDetached(other, _tuPhap, Now);

        var check = _verifier.Verify(_compact, signature, TuPhapPem);

        Assert.Equal(SignatureProblem.WrongDocument, check.Problem);
        Assert.Equal("Chữ ký không phải của văn bản giao ước này (ký trên một văn bản khác).", check.Reason);
    }

    [Fact]
    public void A_signature_made_with_another_units_certificate_is_refused()
    {
        var signature = CompactSigning.SignDetached(_compact, _congAn, Now);

        var check = _verifier.Verify(_compact, signature, TuPhapPem, Localizer.English);

        Assert.Equal(SignatureProblem.WrongUnitCertificate, check.Problem);
        Assert.Equal("The signature was made with another certificate than the unit's registered one.", check.Reason);
        Assert.Equal(_congAn.Thumbprint, check.CertificateThumbprint);
    }

    [Fact]
    public void A_signature_made_after_the_certificate_expired_is_refused()
    {
        using var expired = CompactSigning.CreateSelfSignedUnitCertificate("Sở Tư pháp", Now.AddYears(-2), Now.AddDays(-1));
        var signature = CompactSigning.SignDetached(_compact, expired, Now);

        var check = _verifier.Verify(_compact, signature, expired.ExportCertificatePem());

        Assert.Equal(SignatureProblem.CertificateNotValidAtSigningTime, check.Problem);
        Assert.Contains("hết hạn", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_and_empty_signatures_are_refused_with_their_reason()
    {
        var signature = CompactSigning.SignDetached(_compact, _tuPhap, Now);
        var flipped = (byte[])signature.Clone();
        flipped[^5] ^= 0xFF;

        Assert.Equal(SignatureProblem.Empty, _verifier.Verify(_compact, Array.Empty<byte>(), TuPhapPem).Problem);
        Assert.Equal(SignatureProblem.Corrupt, _verifier.Verify(_compact, "không phải chữ ký"u8.ToArray(), TuPhapPem).Problem);
        Assert.Equal(SignatureProblem.Corrupt, _verifier.Verify(_compact, signature.AsMemory(0, signature.Length / 2), TuPhapPem).Problem);
        Assert.Equal(SignatureProblem.Corrupt, _verifier.Verify(_compact, flipped, TuPhapPem).Problem);
        Assert.Equal("Tệp chữ ký rỗng.", _verifier.Verify(_compact, ReadOnlyMemory<byte>.Empty, TuPhapPem).Reason);
    }

    [Fact]
    public void Without_a_registered_certificate_nothing_is_accepted()
    {
        var signature = CompactSigning.SignDetached(_compact, _tuPhap, Now);

        Assert.Equal(SignatureProblem.NoRegisteredCertificate, _verifier.Verify(_compact, signature, null).Problem);
        Assert.Equal(SignatureProblem.NoRegisteredCertificate, _verifier.Verify(_compact, signature, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----").Problem);
    }

    public void Dispose()
    {
        _tuPhap.Dispose();
        _congAn.Dispose();
    }
}
