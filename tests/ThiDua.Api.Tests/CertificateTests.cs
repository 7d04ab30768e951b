using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api.Identity;

namespace ThiDua.Api.Tests;

/// <summary>A unit's certificate as the council uploads it (.pem, or a .cer/.crt sent as base64) and as pages show it.</summary>
[Collection(ApiTests.Name)]
public sealed class CertificateTests(ApiFixture fixture)
{
    private static int _blocs;

    /// <summary>A bloc of its own for each case of a theory.</summary>
    private static string NextBloc(string prefix) => $"{prefix}-{Interlocked.Increment(ref _blocs)}";

    [Fact]
    public async Task A_pem_or_der_certificate_is_stored_as_pem_and_listed_with_subject_issuer_validity_and_thumbprint()
    {
        await World.CreateBlocAsync(fixture, "cert-upload");
        var admin = await fixture.AdminAsync();
        using var pem = Create("CN=Sở Tư pháp, O=Sở Tư pháp tỉnh Bắc Kạn", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddYears(1));
        using var der = Create("CN=Công an tỉnh", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddYears(2));

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, "cert-upload", "so-tu-phap", pem.ExportCertificatePem(), ifMatch: true)).Status);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, "cert-upload", "cong-an-tinh", Convert.ToBase64String(der.RawData), ifMatch: true)).Status);

        // A .crt holding PEM text, sent as base64 like any uploaded file, is read as the PEM it holds.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, "cert-upload", "so-noi-vu", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pem.ExportCertificatePem())), ifMatch: true)).Status);
        Assert.Equal(pem.ExportCertificatePem(), (await fixture.Blocs.GetUnitAsync("cert-upload", "so-noi-vu"))!.Value.CertificatePem);

        var units = (await admin.FetchAsync("/api/blocs/cert-upload/units")).Json.EnumerateArray().ToDictionary(u => u.GetProperty("unit").GetProperty("unitId").GetString()!);
        var fromPem = units["so-tu-phap"].GetProperty("certificate");
        Assert.Equal(pem.Subject, fromPem.GetProperty("subject").GetString());
        Assert.Equal(pem.Issuer, fromPem.GetProperty("issuer").GetString());
        Assert.Equal(pem.SerialNumber, fromPem.GetProperty("serialNumber").GetString());
        Assert.Equal(pem.NotAfter.ToUniversalTime(), fromPem.GetProperty("notAfter").GetDateTimeOffset().UtcDateTime);
        Assert.Equal(pem.NotBefore.ToUniversalTime(), fromPem.GetProperty("notBefore").GetDateTimeOffset().UtcDateTime);
        Assert.False(fromPem.GetProperty("expired").GetBoolean());
        Assert.Equal(pem.GetCertHashString(HashAlgorithmName.SHA256), fromPem.GetProperty("sha256Thumbprint").GetString());

        // The .cer's bytes became the PEM the signature checks read.
        var stored = (await fixture.Blocs.GetUnitAsync("cert-upload", "cong-an-tinh"))!.Value.CertificatePem!;
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", stored, StringComparison.Ordinal);
        Assert.Equal(der.RawData, X509Certificate2.CreateFromPem(stored).RawData);
        Assert.Equal("CN=Công an tỉnh", units["cong-an-tinh"].GetProperty("certificate").GetProperty("subject").GetString());
    }

    [Fact]
    public async Task An_expired_certificate_is_accepted_and_flagged_for_pages_to_warn()
    {
        await World.CreateBlocAsync(fixture, "cert-expired");
        var admin = await fixture.AdminAsync();
        using var expired = Create("CN=Sở Nội vụ", DateTimeOffset.UtcNow.AddYears(-3), DateTimeOffset.UtcNow.AddDays(-2));

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, "cert-expired", "so-noi-vu", expired.ExportCertificatePem(), ifMatch: true)).Status);

        var unit = (await admin.FetchAsync("/api/blocs/cert-expired/units")).Json.EnumerateArray().Single(u => u.GetProperty("unit").GetProperty("unitId").GetString() == "so-noi-vu");
        Assert.True(unit.GetProperty("certificate").GetProperty("expired").GetBoolean());
        var current = (await admin.FetchAsync("/api/blocs/cert-expired/units")).Json.EnumerateArray().Single(u => u.GetProperty("unit").GetProperty("unitId").GetString() == "so-tu-phap");
        Assert.False(current.GetProperty("certificate").GetProperty("expired").GetBoolean());
    }

    public static TheoryData<string> NotCertificates => new()
    {
        "chứng thư số của đơn vị",
        Convert.ToBase64String("not a certificate at all"u8.ToArray()),
        ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem(),
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
    };

    [Theory]
    [MemberData(nameof(NotCertificates))]
    public async Task What_is_not_an_x509_certificate_is_refused_naming_the_field_and_nothing_is_stored(string upload)
    {
        var bloc = NextBloc("cert-invalid");
        await World.CreateBlocAsync(fixture, bloc);
        var admin = await fixture.AdminAsync();
        var before = await StorageSnapshot.TakeAsync(fixture);

        var reply = await admin.PutJsonAsync($"/api/blocs/{bloc}/units/so-moi", new { name = "Sở mới", certificatePem = upload });

        Assert.Equal(["certificatePem"], reply.Problem(HttpStatusCode.BadRequest));
        Assert.Equal("invalid-format", reply.Json.GetProperty("codes").GetProperty("certificatePem")[0].GetString());
        Assert.Contains("X.509", reply.Json.GetProperty("errors").GetProperty("certificatePem")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));
    }

    /// <summary>A unit's private key in every form a signing tool exports it, with the text that must appear nowhere.</summary>
    public static TheoryData<string, string> PrivateKeys()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Sở Y tế", ec, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pkcs8 = Convert.ToBase64String(ec.ExportPkcs8PrivateKey());
        var rsaKey = Convert.ToBase64String(rsa.ExportRSAPrivateKey());
        var encrypted = ec.ExportEncryptedPkcs8PrivateKey("mat-khau", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));
        var pfx = Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12, "mat-khau"));
        var sec1 = Convert.ToBase64String(ec.ExportECPrivateKey());
        return new()
        {
            { ec.ExportPkcs8PrivateKeyPem(), Line(ec.ExportPkcs8PrivateKeyPem()) },
            { rsa.ExportRSAPrivateKeyPem(), Line(rsa.ExportRSAPrivateKeyPem()) },
            { certificate.ExportCertificatePem() + "\n" + ec.ExportECPrivateKeyPem(), Line(ec.ExportECPrivateKeyPem()) },
            { PemEncoding.WriteString("ENCRYPTED PRIVATE KEY", encrypted), Line(PemEncoding.WriteString("ENCRYPTED PRIVATE KEY", encrypted)) },
            { pkcs8, pkcs8[..48] },
            { rsaKey, rsaKey[..48] },
            { sec1, sec1[..40] },
            { Convert.ToBase64String(encrypted), Convert.ToBase64String(encrypted)[..48] },
            { pfx, pfx[..48] },
            { Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(rsa.ExportRSAPrivateKeyPem())), Line(rsa.ExportRSAPrivateKeyPem()) },
        };
    }

    [Theory]
    [MemberData(nameof(PrivateKeys))]
    public async Task A_private_key_is_refused_and_appears_in_no_answer_log_line_audit_entry_or_stored_record(string key, string secret)
    {
        var bloc = NextBloc("cert-key");
        await World.CreateBlocAsync(fixture, bloc);
        var admin = await fixture.AdminAsync();
        var before = await StorageSnapshot.TakeAsync(fixture);

        var created = await admin.PutJsonAsync($"/api/blocs/{bloc}/units/so-y-te", new { name = "Sở Y tế", certificatePem = key });
        var replaced = await PutAsync(admin, bloc, "so-tu-phap", key, ifMatch: true);

        foreach (var reply in new[] { created, replaced })
        {
            Assert.Equal(["certificatePem"], reply.Problem(HttpStatusCode.BadRequest));
            Assert.Equal("private-key", reply.Json.GetProperty("codes").GetProperty("certificatePem")[0].GetString());
            Assert.Contains("khóa bí mật", reply.Json.GetProperty("errors").GetProperty("certificatePem")[0].GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, reply.Body, StringComparison.Ordinal);
        }

        var english = await admin.SendTextAsync(HttpMethod.Put, $"/api/blocs/{bloc}/units/so-y-te?lang=en", World.Serialize(new { name = "Sở Y tế", certificatePem = key }));
        Assert.Contains("not a certificate", english.Json.GetProperty("errors").GetProperty("certificatePem")[0].GetString(), StringComparison.Ordinal);

        Assert.Empty((await StorageSnapshot.TakeAsync(fixture)).ChangesSince(before));
        Assert.Null(await fixture.Blocs.GetUnitAsync(bloc, "so-y-te"));
        Assert.Equal(World.Certificate("so-tu-phap").ExportCertificatePem(), (await fixture.Blocs.GetUnitAsync(bloc, "so-tu-phap"))!.Value.CertificatePem);

        var audit = await fixture.Services.GetRequiredService<IAuditLog>().ListAsync(DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.Contains(audit, e => e.Path == $"/api/blocs/{bloc}/units/so-y-te" && e.Status == 400);
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(audit), StringComparison.Ordinal);
        Assert.NotEmpty(fixture.Logs.Lines);
        Assert.DoesNotContain(fixture.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    private static X509Certificate2 Create(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>The first line of a PEM block's base64, which only that key has.</summary>
    private static string Line(string pem) => pem.Split('\n')[1].Trim();

    /// <summary>Replaces a unit's certificate (with the unit's ETag), or creates the unit.</summary>
    private async Task<Reply> PutAsync(HttpClient admin, string blocId, string unitId, string certificate, bool ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/blocs/{blocId}/units/{unitId}")
        {
            Content = new StringContent(World.Serialize(new { name = $"Đơn vị {unitId}", certificatePem = certificate }), System.Text.Encoding.UTF8, "application/json"),
        };
        if (ifMatch && await fixture.Blocs.GetUnitAsync(blocId, unitId) is { } stored)
        {
            request.Headers.TryAddWithoutValidation("If-Match", stored.ETag.ToString());
        }

        return await Reply.ReadAsync(await admin.SendAsync(request));
    }
}
