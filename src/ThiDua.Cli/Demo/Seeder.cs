using System.Security.Cryptography.X509Certificates;
using ThiDua.Api.Endpoints;
using ThiDua.Cli.Client;
using ThiDua.Domain;
using ThiDua.Signing;

namespace ThiDua.Cli.Demo;

/// <summary>
/// Registers the "Nội chính" bloc (under <c>noi-chinh</c> or a suffixed id) and its five units through the API as council staff, each unit
/// with its contacts and the certificate of a key pair kept in the local state folder
/// (units/&lt;unitId&gt;/key.pem). Idempotent: existing records are updated with If-Match.
/// </summary>
public static class Seeder
{
    /// <summary>The demo's reminders: 25, 15 and 5 seconds before the scoring deadline.</summary>
    public static IReadOnlyList<TimeSpan> DemoReminderOffsets { get; } = [TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5)];

    public static async Task SeedAsync(ApiClient admin, LocalState state, string bloc, IReadOnlyList<TimeSpan> reminderOffsets, CancellationToken cancellationToken, bool atConference = false)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(state);
        var blocs = await admin.GetAsync<List<StoredBloc>>("api/blocs", cancellationToken);
        var existing = blocs.FirstOrDefault(b => b.Bloc.BlocId == bloc);
        await admin.PutAsync<Bloc>($"api/blocs/{bloc}", NoiChinhBloc.BlocRequest(reminderOffsets, atConference), cancellationToken, existing?.ETag);

        var units = (await admin.GetAsync<List<StoredUnit>>($"api/blocs/{bloc}/units", cancellationToken))
            .ToDictionary(u => u.Unit.UnitId, StringComparer.Ordinal);
        foreach (var unit in NoiChinhBloc.Units)
        {
            using var certificate = UnitKeys.LoadOrCreate(state, unit);
            var request = new UnitRequest { Name = unit.Name, Contacts = unit.Contacts, CertificatePem = certificate.ExportCertificatePem() };
            await admin.PutAsync<MemberUnit>($"api/blocs/{bloc}/units/{unit.UnitId}", request, cancellationToken, units.GetValueOrDefault(unit.UnitId)?.ETag);
        }
    }
}

/// <summary>The simulated units' signing keys: self-signed certificates whose private keys never leave the state folder.</summary>
public static class UnitKeys
{
    public static string CertificatePath(LocalState state, string unitId) => Path.Combine(Folder(state, unitId), "cert.pem");

    public static string KeyPath(LocalState state, string unitId) => Path.Combine(Folder(state, unitId), "key.pem");

    /// <summary>The unit's certificate with its private key; a new one when missing or expiring within 30 days.</summary>
    public static X509Certificate2 LoadOrCreate(LocalState state, DemoUnit unit)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(unit);
        var certPath = CertificatePath(state, unit.UnitId);
        var keyPath = KeyPath(state, unit.UnitId);
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            var loaded = CompactSigning.LoadSigningCertificate(certPath, keyPath);
            if (loaded.NotAfter > DateTime.Now.AddDays(30))
            {
                return loaded;
            }

            loaded.Dispose();
        }

        var now = DateTimeOffset.UtcNow;
        var created = CompactSigning.CreateSelfSignedUnitCertificate(unit.Name, now.AddDays(-1), now.AddYears(3));
        Directory.CreateDirectory(Folder(state, unit.UnitId));
        File.WriteAllText(certPath, created.ExportCertificatePem());
        using var key = created.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The new certificate has no EC private key.");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return created;
    }

    static string Folder(LocalState state, string unitId) => Path.Combine(state.UnitsDirectory, unitId);
}
