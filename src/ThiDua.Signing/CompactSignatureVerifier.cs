using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using ThiDua.Domain;

namespace ThiDua.Signing;

/// <summary>Why a compact signature is refused.</summary>
public enum SignatureProblem
{
    /// <summary>The signature holds.</summary>
    None,

    /// <summary>No bytes were sent.</summary>
    Empty,

    /// <summary>Not a CMS signature, not exactly one signer, no signer certificate, or the signature value does not verify.</summary>
    Corrupt,

    /// <summary>The signature is over other bytes than this compact's canonical bytes.</summary>
    WrongDocument,

    /// <summary>The unit has no registered certificate, or it cannot be read.</summary>
    NoRegisteredCertificate,

    /// <summary>Signed with another certificate than the one registered for the unit.</summary>
    WrongUnitCertificate,

    /// <summary>The certificate was expired (or not yet valid) at the signing time.</summary>
    CertificateNotValidAtSigningTime,

    /// <summary>The signing time claimed is later than now.</summary>
    SigningTimeInFuture,
}

/// <summary>The verdict on a compact signature.</summary>
/// <param name="Problem">What is wrong, or <see cref="SignatureProblem.None"/>.</param>
/// <param name="Reason">Why, for people, in the language asked for.</param>
/// <param name="CertificateThumbprint">SHA-1 thumbprint of the signer certificate when it could be read (X509Certificate2.Thumbprint).</param>
/// <param name="SignedAt">The signing time (from the signature's signing-time attribute, else the time of verification).</param>
public sealed record SignatureCheck(SignatureProblem Problem, string Reason, string? CertificateThumbprint, DateTimeOffset? SignedAt)
{
    /// <summary>True when the signature may be recorded.</summary>
    public bool IsValid => Problem == SignatureProblem.None;
}

/// <summary>
/// Verifies a unit's detached CMS signature (.p7s) of a compact: exactly one signer, over exactly the
/// compact's canonical bytes, with the certificate registered for the unit (pinned: compared byte for
/// byte, so no chain or revocation check is needed to know who signed), valid at the signing time.
/// The server never holds a unit's private key.
/// </summary>
public sealed class CompactSignatureVerifier(TimeProvider time)
{
    /// <summary>How far ahead of the server's clock a signing time may be.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const string MessageDigestOid = "1.2.840.113549.1.9.4";
    private const string SigningTimeOid = "1.2.840.113549.1.9.5";

    private static readonly Dictionary<string, Dictionary<SignatureProblem, string>> Reasons = new(StringComparer.Ordinal)
    {
        ["vi"] = new()
        {
            [SignatureProblem.None] = "Chữ ký số hợp lệ.",
            [SignatureProblem.Empty] = "Tệp chữ ký rỗng.",
            [SignatureProblem.Corrupt] = "Tệp chữ ký bị hỏng hoặc không đúng định dạng CMS/PKCS#7 (.p7s) với đúng một người ký.",
            [SignatureProblem.WrongDocument] = "Chữ ký không phải của văn bản giao ước này (ký trên một văn bản khác).",
            [SignatureProblem.NoRegisteredCertificate] = "Đơn vị chưa đăng ký chứng thư số, hoặc chứng thư đã đăng ký không đọc được.",
            [SignatureProblem.WrongUnitCertificate] = "Chữ ký dùng chứng thư số khác với chứng thư đã đăng ký của đơn vị.",
            [SignatureProblem.CertificateNotValidAtSigningTime] = "Chứng thư số đã hết hạn (hoặc chưa có hiệu lực) tại thời điểm ký.",
            [SignatureProblem.SigningTimeInFuture] = "Thời điểm ký ghi trong chữ ký ở tương lai.",
        },
        ["en"] = new()
        {
            [SignatureProblem.None] = "The signature is valid.",
            [SignatureProblem.Empty] = "The signature file is empty.",
            [SignatureProblem.Corrupt] = "The signature is corrupt or not a CMS/PKCS#7 (.p7s) signature with exactly one signer.",
            [SignatureProblem.WrongDocument] = "The signature is not over this compact (another document was signed).",
            [SignatureProblem.NoRegisteredCertificate] = "The unit has no registered certificate, or it cannot be read.",
            [SignatureProblem.WrongUnitCertificate] = "The signature was made with another certificate than the unit's registered one.",
            [SignatureProblem.CertificateNotValidAtSigningTime] = "The certificate was expired (or not yet valid) at the signing time.",
            [SignatureProblem.SigningTimeInFuture] = "The signing time in the signature is in the future.",
        },
    };

    /// <summary>What <paramref name="problem"/> means, in both languages (the API's refusal of a signature).</summary>
    public static Phrase Describe(SignatureProblem problem) => new(Reasons["vi"][problem], Reasons["en"][problem]);

    /// <summary>Verifies <paramref name="signature"/> of <paramref name="canonicalBytes"/> against the unit's registered certificate.</summary>
    /// <param name="canonicalBytes">The compact's canonical bytes (<see cref="CompactDocument.CanonicalBytes"/>).</param>
    /// <param name="signature">The detached CMS signature as uploaded.</param>
    /// <param name="registeredCertificatePem">The unit's <see cref="MemberUnit.CertificatePem"/>.</param>
    /// <param name="localizer">Language of the reason; Vietnamese by default.</param>
    public SignatureCheck Verify(ReadOnlyMemory<byte> canonicalBytes, ReadOnlyMemory<byte> signature, string? registeredCertificatePem, Localizer? localizer = null)
    {
        var reasons = Reasons[(localizer ?? Localizer.Vietnamese).Culture];
        SignatureCheck Fail(SignatureProblem problem, X509Certificate2? signer = null, DateTimeOffset? at = null) =>
            new(problem, reasons[problem], signer?.Thumbprint, at);

        if (signature.IsEmpty)
        {
            return Fail(SignatureProblem.Empty);
        }

        var cms = new SignedCms(new ContentInfo(canonicalBytes.ToArray()), detached: true);
        try
        {
            cms.Decode(signature.Span);
        }
        catch (CryptographicException)
        {
            return Fail(SignatureProblem.Corrupt);
        }

        if (cms.SignerInfos.Count != 1 || cms.SignerInfos[0].Certificate is not { } certificate)
        {
            return Fail(SignatureProblem.Corrupt);
        }

        var signerInfo = cms.SignerInfos[0];
        var signedAt = SigningTime(signerInfo) ?? time.GetUtcNow();
        var digestMatches = DigestMatches(signerInfo, canonicalBytes.Span);
        if (digestMatches == false)
        {
            return Fail(SignatureProblem.WrongDocument, certificate, signedAt);
        }

        try
        {
            signerInfo.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            // With signed attributes the digest already matched, so the signature value itself is bad;
            // without them the signature covers the content directly and cannot tell the two apart.
            return Fail(digestMatches == true ? SignatureProblem.Corrupt : SignatureProblem.WrongDocument, certificate, signedAt);
        }

        using var registered = ReadPem(registeredCertificatePem);
        if (registered is null)
        {
            return Fail(SignatureProblem.NoRegisteredCertificate, certificate, signedAt);
        }

        if (!certificate.RawData.AsSpan().SequenceEqual(registered.RawData))
        {
            return Fail(SignatureProblem.WrongUnitCertificate, certificate, signedAt);
        }

        if (signedAt > time.GetUtcNow() + ClockSkew)
        {
            return Fail(SignatureProblem.SigningTimeInFuture, certificate, signedAt);
        }

        if (signedAt < certificate.NotBefore.ToUniversalTime() || signedAt > certificate.NotAfter.ToUniversalTime())
        {
            return Fail(SignatureProblem.CertificateNotValidAtSigningTime, certificate, signedAt);
        }

        return new SignatureCheck(SignatureProblem.None, reasons[SignatureProblem.None], certificate.Thumbprint, signedAt);
    }

    private static X509Certificate2? ReadPem(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static DateTimeOffset? SigningTime(SignerInfo signer)
    {
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value == SigningTimeOid && attribute.Values.Count > 0)
            {
                var value = new Pkcs9SigningTime(attribute.Values[0].RawData).SigningTime;
                return new DateTimeOffset(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc));
            }
        }

        return null;
    }

    /// <summary>Compares the signed message-digest attribute with the content's digest; null when it cannot tell.</summary>
    private static bool? DigestMatches(SignerInfo signer, ReadOnlySpan<byte> content)
    {
        HashAlgorithmName? algorithm = signer.DigestAlgorithm.Value switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => null,
        };
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value == MessageDigestOid && attribute.Values.Count > 0 && algorithm is { } name)
            {
                var signed = new Pkcs9MessageDigest();
                signed.CopyFrom(attribute.Values[0]);
                using var hash = IncrementalHash.CreateHash(name);
                hash.AppendData(content);
                return CryptographicOperations.FixedTimeEquals(signed.MessageDigest, hash.GetHashAndReset());
            }
        }

        return null;
    }
}
