using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Workflows;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Bench.Scenarios.Host;

/// <summary>A simulated member unit: its own certificate (private key in memory only) and its own API client and token.</summary>
internal sealed class SimulatedUnit(string unitId, string name, X509Certificate2 certificate, ApiClient api) : IDisposable
{
    public string UnitId { get; } = unitId;

    public string Name { get; } = name;

    public X509Certificate2 Certificate { get; } = certificate;

    public ApiClient Api { get; } = api;

    public void Dispose()
    {
        this.Api.Dispose();
        this.Certificate.Dispose();
    }
}

/// <summary>
/// A simulated bloc: its id, its units (the first of which leads the year) and council staff's client
/// for its launch, status and results, on the host that serves the bloc's council staff.
/// </summary>
internal sealed record SimulatedBloc(string BlocId, IReadOnlyList<SimulatedUnit> Units, ApiClient Admin);

/// <summary>
/// Blocs of units registered through the API as council staff (the same requests the demo's
/// seeder makes, for generated blocs), with a token per unit issued on the local storage as
/// <c>thidua token issue</c> does. Every simulated caller sends through one connection pool.
/// With several hosts on one task hub, callers are spread over their APIs as a load balancer
/// would: bloc b's council staff on host b, its unit u on host b + u (modulo the hosts), so a
/// bloc's units act through every host.
/// </summary>
internal sealed class SimulatedProvince : IDisposable
{
    readonly SocketsHttpHandler _handler;
    readonly IReadOnlyList<ApiClient> _admins;

    SimulatedProvince(SocketsHttpHandler handler, IReadOnlyList<ApiClient> admins, IReadOnlyList<SimulatedBloc> blocs)
    {
        _handler = handler;
        _admins = admins;
        this.Blocs = blocs;
    }

    /// <summary>Council staff's client on the first host.</summary>
    public ApiClient Admin => _admins[0];

    public IReadOnlyList<SimulatedBloc> Blocs { get; }

    /// <summary>The demo bloc's criteria and commitments: a realistic table of four criteria, a bonus and a penalty.</summary>
    public static LaunchRequest LaunchRequest(SimulatedBloc bloc, PhaseDurations durations) => new()
    {
        Commitments = NoiChinhBloc.Commitments,
        Criteria = NoiChinhBloc.Criteria,
        Durations = durations,
        LeaderUnitId = bloc.Units[0].UnitId,
        DeputyUnitId = bloc.Units[1].UnitId,
    };

    public static string Path(string blocId, int year, string rest) => string.Create(CultureInfo.InvariantCulture, $"api/blocs/{blocId}/campaigns/{year}/{rest}");

    /// <summary>On one host: see the other overload.</summary>
    public static Task<SimulatedProvince> SeedAsync(
        Uri url, string connectionString, string prefix, int blocs, int units, BlocRules rules, int concurrency, CancellationToken cancellationToken) =>
        SeedAsync([url], connectionString, prefix, blocs, units, rules, concurrency, cancellationToken);

    /// <summary>
    /// Registers <paramref name="blocs"/> blocs of <paramref name="units"/> units (ids <c>{prefix}-001</c>…,
    /// units <c>don-vi-01</c>…, leadership rotating in that order) with at most <paramref name="concurrency"/> requests
    /// at a time, callers spread over the hosts' APIs at <paramref name="urls"/> as the class says.
    /// </summary>
    public static async Task<SimulatedProvince> SeedAsync(
        IReadOnlyList<Uri> urls, string connectionString, string prefix, int blocs, int units, BlocRules rules, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(urls.Count);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString })
            .Build();
        var tokens = new TokenStore(WorkflowServices.StorageOptions(configuration));
        await tokens.InitializeAsync(cancellationToken);

        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var adminToken = await tokens.IssueAsync(Caller.Admin, TimeSpan.FromDays(1), "bench: council staff", cancellationToken);
        var admins = urls.Select(url => new ApiClient(url, adminToken.Token, handler)).ToList();
        var seeded = new SimulatedBloc[blocs];
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, blocs),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency / units), CancellationToken = cancellationToken },
            async (b, token) =>
            {
                var blocId = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{b + 1:D3}");
                var admin = admins[b % admins.Count];
                var ids = Enumerable.Range(1, units).Select(u => string.Create(CultureInfo.InvariantCulture, $"don-vi-{u:D2}")).ToList();
                await admin.PutAsync<Bloc>(
                    $"api/blocs/{blocId}",
                    new BlocRequest { Name = string.Create(CultureInfo.InvariantCulture, $"Khối thi đua số {b + 1}"), MemberUnitIds = ids, RotationOrder = ids, Rules = rules },
                    token);
                var members = await Task.WhenAll(ids.Select(async (unitId, u) =>
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"Đơn vị {u + 1:D2} khối {b + 1}");
                    var certificate = CompactSigning.CreateSelfSignedUnitCertificate(name, now.AddDays(-1), now.AddYears(1));
                    var contact = new Contact("Cán bộ thi đua", string.Create(CultureInfo.InvariantCulture, $"thidua.{unitId}@{blocId}.example"), "Cán bộ thi đua");
                    await admin.PutAsync<MemberUnit>(
                        $"api/blocs/{blocId}/units/{unitId}",
                        new UnitRequest { Name = name, Contacts = [contact], CertificatePem = certificate.ExportCertificatePem() },
                        token);
                    var issued = await tokens.IssueAsync(Caller.Unit(blocId, unitId), TimeSpan.FromDays(1), "bench: " + name, token);
                    return new SimulatedUnit(unitId, name, certificate, new ApiClient(urls[(b + u) % urls.Count], issued.Token, handler));
                }));
                seeded[b] = new SimulatedBloc(blocId, members, admin);
            });
        return new SimulatedProvince(handler, admins, seeded);
    }

    /// <summary>The unit downloads the compact, checks it is the one launched, signs it with its own key and uploads the signature.</summary>
    public static async Task SignAsync(SimulatedBloc bloc, SimulatedUnit unit, int year, string compactSha256, CancellationToken cancellationToken)
    {
        var compact = await unit.Api.GetBytesAsync(Path(bloc.BlocId, year, "compact"), cancellationToken);
        if (!Convert.ToHexStringLower(SHA256.HashData(compact)).Equals(compactSha256, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{bloc.BlocId}/{unit.UnitId} received a compact other than the one launched.");
        }

        var signature = CompactSigning.SignDetached(compact, unit.Certificate, DateTimeOffset.UtcNow);
        await unit.Api.PutBytesAsync<SignatureReceipt>(Path(bloc.BlocId, year, "signatures/" + unit.UnitId), signature, UnitApi.SignatureMediaType, cancellationToken);
    }

    public static Task<ScoreSheet> SubmitAsync(SimulatedBloc bloc, SimulatedUnit unit, int year, IReadOnlyList<ScoreLine> lines, string clientRequestId, CancellationToken cancellationToken) =>
        unit.Api.PostAsync<ScoreSheet>(
            Path(bloc.BlocId, year, "scores/" + unit.UnitId),
            new ScoreSubmission { BlocId = bloc.BlocId, Year = year, UnitId = unit.UnitId, ClientRequestId = clientRequestId, Lines = lines },
            cancellationToken);

    public static async Task<CampaignStatus?> StatusAsync(ApiClient api, string blocId, int year, CancellationToken cancellationToken)
    {
        try
        {
            return await api.GetAsync<CampaignStatus>(Path(blocId, year, "status"), cancellationToken);
        }
        catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var unit in this.Blocs.Where(b => b is not null).SelectMany(b => b.Units))
        {
            unit.Dispose();
        }

        foreach (var admin in _admins)
        {
            admin.Dispose();
        }

        _handler.Dispose();
    }
}
