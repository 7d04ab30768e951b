using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using ThiDua.Domain;

namespace ThiDua.Signing;

/// <summary>What people read of a unit's registered certificate; <see cref="Expired"/> tells pages to warn.</summary>
public sealed record CertificateInfo(
    string Subject, string Issuer, string SerialNumber, DateTimeOffset NotBefore, DateTimeOffset NotAfter, bool Expired, string Sha256Thumbprint);

/// <summary>Why an uploaded certificate is refused.</summary>
public enum CertificateRefusal
{
    /// <summary>Not an X.509 certificate in PEM or base64 DER.</summary>
    NotCertificate,

    /// <summary>A private key (a PEM key block, a PKCS#12 file, or DER that reads as a key): never stored, never echoed.</summary>
    PrivateKey,
}

/// <summary>
/// The one reading of a unit's certificate as it is uploaded (a PEM certificate, or the bytes of a .cer/.crt sent
/// as base64) and as it is shown. A private key sent instead is recognised in every form a signing tool exports and
/// refused before anything else looks at it, so it reaches no record, no message and no log.
/// </summary>
public static partial class UnitCertificates
{
    /// <summary>The code of the refusal of a private key (<c>private-key</c>).</summary>
    public const string PrivateKeyCode = "private-key";

    /// <summary>The refusal of a private key, in both languages: a certificate is needed, not its key.</summary>
    public static Phrase PrivateKeyRefusal { get; } = new(
        "Đây là khóa bí mật, không phải chứng thư số. Khóa bí mật phải được giữ tại đơn vị và không bao giờ gửi đi; hãy tải lên chứng thư số (tệp .pem, .cer hoặc .crt) của đơn vị. Nội dung vừa gửi không được lưu.",
        "This is a private key, not a certificate. A private key stays with the unit and is never sent; upload the unit's certificate (a .pem, .cer or .crt file) instead. Nothing of what was sent is kept.");

    /// <summary>The refusal of what is not a certificate.</summary>
    public static Phrase NotCertificateRefusal { get; } = new(
        "Không đọc được chứng thư số X.509: hãy gửi chứng thư số dạng PEM (bắt đầu bằng -----BEGIN CERTIFICATE-----) hoặc nội dung tệp .cer/.crt mã hóa base64.",
        "Not a readable X.509 certificate: send a PEM certificate (starting with -----BEGIN CERTIFICATE-----) or a .cer/.crt file's bytes in base64.");

    /// <summary>
    /// The PEM to store for an upload, or why it is refused. A PEM certificate is kept as sent (a chain's first
    /// certificate is the unit's); base64 DER becomes PEM.
    /// </summary>
    public static (string? Pem, CertificateRefusal? Refusal) ToPem(string upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (PrivateKeyBlock().IsMatch(upload))
        {
            return (null, CertificateRefusal.PrivateKey);
        }

        if (upload.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            using var fromPem = Read(() => X509Certificate2.CreateFromPem(upload));
            return fromPem is null ? (null, CertificateRefusal.NotCertificate) : (upload, null);
        }

        var bytes = FromBase64(upload);
        if (bytes is null)
        {
            return (null, CertificateRefusal.NotCertificate);
        }

        // A .pem/.crt file sent as base64 like any other file: its text is read as if pasted.
        if (PemText(bytes) is { } text)
        {
            return ToPem(text);
        }

        if (IsKey(bytes))
        {
            return (null, CertificateRefusal.PrivateKey);
        }

        using var certificate = Read(() => X509CertificateLoader.LoadCertificate(bytes));
        return certificate is null ? (null, CertificateRefusal.NotCertificate) : (certificate.ExportCertificatePem(), null);
    }

    /// <summary>What people read of a stored certificate PEM; null without one, or when it no longer reads.</summary>
    public static CertificateInfo? Describe(string? pem, DateTimeOffset now)
    {
        if (pem is null)
        {
            return null;
        }

        using var certificate = Read(() => X509Certificate2.CreateFromPem(pem));
        if (certificate is null)
        {
            return null;
        }

        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        return new CertificateInfo(
            certificate.Subject,
            certificate.Issuer,
            certificate.SerialNumber,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            notAfter,
            notAfter < now,
            certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }

    private static X509Certificate2? Read(Func<X509Certificate2> read)
    {
        try
        {
            return read();
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static byte[]? FromBase64(string text)
    {
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        if (compact.Length == 0)
        {
            return null;
        }

        var bytes = new byte[compact.Length];
        return Convert.TryFromBase64String(compact, bytes, out var written) ? bytes[..written] : null;
    }

    /// <summary>The text of bytes that are a PEM file (UTF-8 with a PEM header), else null.</summary>
    private static string? PemText(byte[] bytes)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        return text.Contains("-----BEGIN", StringComparison.Ordinal) ? text : null;
    }

    /// <summary>A PKCS#12 (.pfx/.p12) file, or DER of a private key: PKCS#8, encrypted PKCS#8, PKCS#1 RSA, SEC1 EC.</summary>
    private static bool IsKey(byte[] bytes)
    {
        try
        {
            if (X509Certificate2.GetCertContentType(bytes) == X509ContentType.Pkcs12)
            {
                return true;
            }
        }
        catch (CryptographicException)
        {
            // Not a format the platform knows at all: a key is looked for below.
        }

        try
        {
            Pkcs8PrivateKeyInfo.Decode(bytes, out _, skipCopy: true);
            return true;
        }
        catch (CryptographicException)
        {
            // Not PKCS#8: the other key forms follow.
        }

        return IsEncryptedPkcs8(bytes) || Imports(bytes, (k, b) => ((RSA)k).ImportRSAPrivateKey(b, out _), RSA.Create)
            || Imports(bytes, (k, b) => ((ECDsa)k).ImportECPrivateKey(b, out _), ECDsa.Create);
    }

    private static bool Imports(byte[] bytes, Action<AsymmetricAlgorithm, byte[]> import, Func<AsymmetricAlgorithm> create)
    {
        using var key = create();
        try
        {
            import(key, bytes);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>EncryptedPrivateKeyInfo: SEQUENCE { SEQUENCE { OID, ... }, OCTET STRING }, nothing after.</summary>
    private static bool IsEncryptedPkcs8(byte[] bytes)
    {
        try
        {
            var reader = new AsnReader(bytes, AsnEncodingRules.DER);
            var info = reader.ReadSequence();
            var algorithm = info.ReadSequence();
            algorithm.ReadObjectIdentifier();
            info.ReadOctetString();
            return !info.HasData && !reader.HasData;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>Any PEM block of a private key: PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA/EC/DSA/OPENSSH PRIVATE KEY.</summary>
    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKeyBlock();
}
