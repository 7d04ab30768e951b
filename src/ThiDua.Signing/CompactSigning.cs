using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace ThiDua.Signing;

/// <summary>
/// The signing side, for units without their own tooling (<c>thidua sign</c>), the demo and tests:
/// detached CMS signatures with a certificate that has its private key, and self-signed unit
/// certificates. The server itself never calls it with a unit's key.
/// </summary>
public static class CompactSigning
{
    /// <summary>
    /// A detached CMS signature (.p7s, DER) of <paramref name="content"/>: SHA-256, the signer
    /// certificate included, and a signing-time attribute of <paramref name="signingTime"/>.
    /// </summary>
    public static byte[] SignDetached(ReadOnlySpan<byte> content, X509Certificate2 certificate, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The certificate has no private key to sign with.", nameof(certificate));
        }

        var cms = new SignedCms(new ContentInfo(content.ToArray()), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(signingTime.UtcDateTime));
        cms.ComputeSignature(signer);
        return cms.Encode();
    }

    /// <summary>
    /// A self-signed ECDSA P-256 certificate for a unit, valid from <paramref name="notBefore"/> to
    /// <paramref name="notAfter"/>, with its private key. Demo and tests only: real units use certificates
    /// issued by a Vietnamese CA.
    /// </summary>
    public static X509Certificate2 CreateSelfSignedUnitCertificate(string unitName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unitName);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCountryOrRegion("VN");
        subject.AddOrganizationName(unitName);
        subject.AddCommonName(unitName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>
    /// Loads a signing certificate with its private key: a PKCS#12 file (.pfx/.p12, with
    /// <paramref name="passwordOrKeyPath"/> as its password) or a PEM certificate (with
    /// <paramref name="passwordOrKeyPath"/> as the PEM key file, or the key in the same file).
    /// </summary>
    public static X509Certificate2 LoadSigningCertificate(string path, string? passwordOrKeyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var extension = Path.GetExtension(path);
        var certificate = extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase)
            ? X509CertificateLoader.LoadPkcs12FromFile(path, passwordOrKeyPath)
            : X509Certificate2.CreateFromPemFile(path, passwordOrKeyPath);
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ArgumentException($"{path} holds no private key.", nameof(path));
        }

        return certificate;
    }
}
