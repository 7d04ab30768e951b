namespace ThiDua.Api.Signing;

/// <summary>Outcome of checking a unit's detached signature of the compact.</summary>
/// <param name="Valid">True when the signature is a valid detached CMS signature of the compact by the unit's registered certificate.</param>
/// <param name="Reason">Why it is refused, for the problem response, when not <paramref name="Valid"/>.</param>
/// <param name="CertificateThumbprint">SHA-1 thumbprint of the signing certificate when valid.</param>
/// <param name="SignedAt">The signing time the signature carries, or null to use the time of receipt.</param>
public sealed record SignatureCheck(bool Valid, string? Reason, string? CertificateThumbprint, DateTimeOffset? SignedAt)
{
    /// <summary>A refusal.</summary>
    public static SignatureCheck Refused(string reason) => new(false, reason, null, null);
}

/// <summary>
/// Verifies a detached signature (.p7s) of the compact's canonical bytes against the certificate
/// the council registered for the unit. The API only calls it; the implementation (CMS with
/// System.Security.Cryptography.Pkcs) lives with the signing code and is wired by the host.
/// </summary>
public interface ICompactSignatureVerifier
{
    /// <summary>Checks <paramref name="signature"/> over <paramref name="compact"/> by <paramref name="certificatePem"/>.</summary>
    Task<SignatureCheck> VerifyAsync(ReadOnlyMemory<byte> compact, ReadOnlyMemory<byte> signature, string certificatePem, CancellationToken cancellationToken);
}
