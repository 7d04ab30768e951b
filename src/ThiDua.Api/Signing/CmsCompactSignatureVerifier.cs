using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace ThiDua.Api.Signing;

/// <summary>
/// Detached CMS (PKCS #7) verification with <see cref="SignedCms"/>: exactly one signer, whose
/// signature over the compact's bytes is valid and whose certificate is the unit's registered one.
/// Chain trust is not built here: the council registered that very certificate for the unit, which
/// is what binds the signature to the unit.
/// </summary>
public sealed class CmsCompactSignatureVerifier : ICompactSignatureVerifier
{
    /// <inheritdoc/>
    public Task<SignatureCheck> VerifyAsync(ReadOnlyMemory<byte> compact, ReadOnlyMemory<byte> signature, string certificatePem, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(certificatePem);
        using var registered = X509Certificate2.CreateFromPem(certificatePem);
        var cms = new SignedCms(new ContentInfo(compact.ToArray()), detached: true);
        try
        {
            cms.Decode(signature.Span);
        }
        catch (CryptographicException)
        {
            return Task.FromResult(SignatureCheck.Refused("Not a CMS (PKCS #7) signature in DER."));
        }

        if (cms.SignerInfos.Count != 1)
        {
            return Task.FromResult(SignatureCheck.Refused($"Expected exactly one signer, found {cms.SignerInfos.Count}."));
        }

        var signer = cms.SignerInfos[0];
        var certificate = signer.Certificate;
        if (certificate is null || !certificate.RawDataMemory.Span.SequenceEqual(registered.RawDataMemory.Span))
        {
            return Task.FromResult(SignatureCheck.Refused("The signer's certificate is not the unit's registered certificate."));
        }

        try
        {
            signer.CheckSignature(new X509Certificate2Collection(registered), verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return Task.FromResult(SignatureCheck.Refused("The signature does not match the compact of this campaign."));
        }

        var signedAt = signer.SignedAttributes.Cast<CryptographicAttributeObject>()
            .SelectMany(a => a.Values.Cast<AsnEncodedData>())
            .OfType<Pkcs9SigningTime>()
            .Select(t => (DateTimeOffset?)new DateTimeOffset(DateTime.SpecifyKind(t.SigningTime, DateTimeKind.Utc)))
            .FirstOrDefault();
        return Task.FromResult(new SignatureCheck(true, null, registered.Thumbprint, signedAt));
    }
}
