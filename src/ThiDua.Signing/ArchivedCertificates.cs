using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace ThiDua.Signing;

/// <summary>Certificates kept in the archive so that signatures can be re-checked without the live unit registry.</summary>
public static class ArchivedCertificates
{
    /// <summary>
    /// The PEM of the certificate in <paramref name="signature"/> (a detached CMS .p7s) whose SHA-1 thumbprint is
    /// <paramref name="thumbprint"/>, or null when the signature cannot be read or carries no such certificate.
    /// </summary>
    public static string? SignerCertificatePem(ReadOnlyMemory<byte> signature, string thumbprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(thumbprint);
        var cms = new SignedCms();
        try
        {
            cms.Decode(signature.Span);
        }
        catch (CryptographicException)
        {
            return null;
        }

        foreach (var signer in cms.SignerInfos)
        {
            if (signer.Certificate is { } certificate && string.Equals(certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase))
            {
                return certificate.ExportCertificatePem();
            }
        }

        return null;
    }
}
