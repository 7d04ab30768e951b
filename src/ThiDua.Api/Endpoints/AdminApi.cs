using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Net.Http.Headers;
using ThiDua.Api.Http;
using ThiDua.Domain;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

namespace ThiDua.Api.Endpoints;

/// <summary>Body of <c>PUT /api/blocs/{blocId}</c>; the id comes from the route.</summary>
public sealed record BlocRequest
{
    public required string Name { get; init; }

    public IReadOnlyList<string> MemberUnitIds { get; init; } = [];

    public IReadOnlyList<string> RotationOrder { get; init; } = [];

    public bool Active { get; init; } = true;

    public int LaunchMonth { get; init; } = ScheduleRules.DefaultLaunchMonth;

    public int LaunchDay { get; init; } = ScheduleRules.DefaultLaunchDay;

    public BlocRules Rules { get; init; } = new();
}

/// <summary>Body of <c>PUT /api/blocs/{blocId}/units/{unitId}</c>; the ids come from the route.</summary>
public sealed record UnitRequest
{
    public required string Name { get; init; }

    public IReadOnlyList<Contact> Contacts { get; init; } = [];

    public string? CertificatePem { get; init; }

    public bool Active { get; init; } = true;
}

/// <summary>Optional body of <c>POST /api/blocs/{blocId}/cycles/{year}</c>.</summary>
public sealed record CycleStartRequest
{
    /// <summary>Until when the cycle waits for the leader's launch; default the bloc's launch date plus the configured wait.</summary>
    public DateTimeOffset? LaunchDeadline { get; init; }

    /// <summary>
    /// The leader (trưởng khối) the council's decision appoints for a bloc's first year, which no previous year
    /// elected; the appointed unit then launches the year. Kept once: the same appointment sent again is accepted.
    /// </summary>
    public string? LeaderUnitId { get; init; }

    /// <summary>The deputy (phó trưởng khối) appointed with <see cref="LeaderUnitId"/>, or null.</summary>
    public string? DeputyUnitId { get; init; }
}

/// <summary>A started (or already existing) cycle instance.</summary>
public sealed record CycleStarted(string InstanceId, bool Created, DateTimeOffset? LaunchDeadline);

/// <summary>Council staff's endpoints: blocs, member units, and starting a year's cycle.</summary>
public static class AdminApi
{
    public static async Task<IResult> PutBlocAsync(string blocId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var (body, problem) = await ApiJson.ReadAsync<BlocRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var bloc = new Bloc
        {
            BlocId = blocId,
            Name = body.Name,
            MemberUnitIds = body.MemberUnitIds,
            RotationOrder = body.RotationOrder,
            Active = body.Active,
            LaunchMonth = body.LaunchMonth,
            LaunchDay = body.LaunchDay,
            Rules = body.Rules,
        };
        if (bloc.Validate() is { Count: > 0 } errors)
        {
            return ApiProblems.Validation(errors);
        }

        var write = IfMatch(request) switch
        {
            null => await api.Blocs.CreateBlocAsync(bloc, cancellationToken),
            { } etag when IsEntityTag(etag) => await api.Blocs.UpdateBlocAsync(bloc, etag, cancellationToken),
            _ => NeverMatches,
        };
        return Written(request, write, bloc, new($"Khối '{blocId}'", $"Bloc '{blocId}'"));
    }

    public static async Task<IResult> ListBlocsAsync(HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var blocs = await api.Blocs.ListBlocsAsync(activeOnly: false, cancellationToken);
        return ApiJson.Json(blocs.Select(b => new StoredBloc(b.Value, b.ETag.ToString())).ToList());
    }

    public static async Task<IResult> GetBlocAsync(string blocId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        if (await api.Blocs.GetBlocAsync(blocId, cancellationToken) is not { } stored)
        {
            return ApiProblems.NotFound("blocId", new($"Không có khối '{blocId}'.", $"No bloc '{blocId}'."));
        }

        request.HttpContext.Response.Headers.ETag = stored.ETag.ToString();
        return ApiJson.Json(stored.Value);
    }

    public static async Task<IResult> PutUnitAsync(string blocId, string unitId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var (body, problem) = await ApiJson.ReadAsync<UnitRequest>(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        // First of all: a private key pasted here goes no further than this check (no message quotes it, nothing keeps it).
        var (pem, refusal) = body.CertificatePem is { } upload ? UnitCertificates.ToPem(upload) : (null, null);
        switch (refusal)
        {
            case CertificateRefusal.PrivateKey:
                return ApiProblems.BadRequest("certificatePem", UnitCertificates.PrivateKeyCode, UnitCertificates.PrivateKeyRefusal);
            case CertificateRefusal.NotCertificate:
                return ApiProblems.BadRequest("certificatePem", ErrorCodes.InvalidFormat, UnitCertificates.NotCertificateRefusal);
        }

        var unit = new MemberUnit
        {
            UnitId = unitId,
            BlocId = blocId,
            Name = body.Name,
            Contacts = body.Contacts,
            CertificatePem = pem,
            Active = body.Active,
        };
        if (unit.Validate() is { Count: > 0 } errors)
        {
            return ApiProblems.Validation(errors);
        }

        if (await api.Blocs.GetBlocAsync(blocId, cancellationToken) is null)
        {
            return ApiProblems.NotFound("blocId", new($"Không có khối '{blocId}'; hãy tạo khối trước.", $"No bloc '{blocId}'; create it first."));
        }

        if (unit.NameClash((await api.Blocs.ListUnitsAsync(blocId, cancellationToken)).Select(u => u.Value)) is { } clash)
        {
            return ApiProblems.Conflict(
                "duplicate-name",
                new(
                    $"Đơn vị '{clash.UnitId}' của khối '{blocId}' có tên '{clash.Name}', đọc giống hệt '{unit.Name}'; mỗi đơn vị trong khối cần một tên riêng.",
                    $"Unit '{clash.UnitId}' of bloc '{blocId}' is named '{clash.Name}', which reads the same as '{unit.Name}'; each unit of a bloc needs a name of its own."),
                "name");
        }

        var write = IfMatch(request) switch
        {
            null => await api.Blocs.CreateUnitAsync(unit, cancellationToken),
            { } etag when IsEntityTag(etag) => await api.Blocs.UpdateUnitAsync(unit, etag, cancellationToken),
            _ => NeverMatches,
        };
        return Written(request, write, unit, new($"Đơn vị '{unitId}' của khối '{blocId}'", $"Unit '{unitId}' of bloc '{blocId}'"));
    }

    public static async Task<IResult> ListUnitsAsync(string blocId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        var units = await api.Blocs.ListUnitsAsync(blocId, cancellationToken);
        var now = api.Clock.GetUtcNow();
        return ApiJson.Json(units.Select(u => new StoredUnit(u.Value, u.ETag.ToString(), UnitCertificates.Describe(u.Value.CertificatePem, now))).ToList());
    }

    /// <summary>GET <see cref="ApiRoutes.Rules"/>: the catalog of every rule a bloc can set (<see cref="RuleCatalog"/>).</summary>
    public static IResult GetRuleCatalog() => ApiJson.Json(RuleCatalog.Current);

    public static async Task<IResult> StartCycleAsync(string blocId, string year, HttpRequest request, [FromServices] ApiServices api, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var y = Admission.Of(request).Year;
        var deadline = (DateTimeOffset?)null;
        var appointed = (LeaderChoice?)null;
        if (request.ContentLength is > 0 || request.ContentType is not null)
        {
            var (body, problem) = await ApiJson.ReadAsync<CycleStartRequest>(request, cancellationToken);
            if (body is null)
            {
                return problem!;
            }

            deadline = body.LaunchDeadline;
            var now = api.Clock.GetUtcNow();
            if (deadline is { } d && (d <= now || d > now.AddDays(400)))
            {
                return ApiProblems.BadRequest("launchDeadline", ErrorCodes.OutOfRange, new("Phải là thời điểm trong tương lai, không quá 400 ngày kể từ nay.", "Must be in the future, at most 400 days from now."));
            }

            if (body.LeaderUnitId is null && body.DeputyUnitId is not null)
            {
                return ApiProblems.BadRequest("leaderUnitId", ErrorCodes.Required, new("Hãy chỉ định trưởng khối cùng với phó trưởng khối.", "Appoint the leader together with the deputy."));
            }

            if (body.LeaderUnitId is { } leader)
            {
                if ((ApiProblems.InvalidId("leaderUnitId", leader) ?? (body.DeputyUnitId is { } deputy ? ApiProblems.InvalidId("deputyUnitId", deputy) : null)) is { } invalid)
                {
                    return invalid;
                }

                if (string.Equals(body.DeputyUnitId, leader, StringComparison.Ordinal))
                {
                    return ApiProblems.BadRequest("deputyUnitId", ErrorCodes.NotAllowed, new("Phó trưởng khối phải là đơn vị khác trưởng khối.", "The deputy must differ from the leader."));
                }

                appointed = new LeaderChoice(leader, body.DeputyUnitId);
            }
        }

        if (await api.Blocs.GetBlocAsync(blocId, cancellationToken) is not { } bloc)
        {
            return ApiProblems.NotFound("blocId", new($"Không có khối '{blocId}'.", $"No bloc '{blocId}'."));
        }

        if (await api.Campaigns.GetStateAsync(blocId, y, cancellationToken) is { IsArchived: true })
        {
            return ApiProblems.Conflict("archived", new($"Năm thi đua {y} của khối '{blocId}' đã được lưu trữ.", $"Year {y} of bloc '{blocId}' is archived."));
        }

        if (appointed is not null && await AppointAsync(bloc.Value, y, appointed, api, cancellationToken) is { } refused)
        {
            return refused;
        }

        var launchDeadline = deadline ?? CampaignSchedule.ForYear(bloc.Value, y).LaunchAt + api.Options.DefaultLaunchWait;
        var (instanceId, created) = await Cycles.EnsureStartedAsync(client, new CycleInput(blocId, y, launchDeadline), cancellationToken);
        var started = new CycleStarted(instanceId, created, created ? launchDeadline : null);
        return created
            ? Results.Json(started, ApiJson.Options, statusCode: StatusCodes.Status201Created)
            : ApiJson.Json(started);
    }

    /// <summary>
    /// Keeps the council's appointment of a bloc's first-year leadership as the year's plan, which lets the appointed
    /// leader launch; null when it stands (stored now, or the same one before), else the refusal, with nothing stored.
    /// </summary>
    private static async Task<IResult?> AppointAsync(Bloc bloc, int y, LeaderChoice appointed, ApiServices api, CancellationToken cancellationToken)
    {
        foreach (var (field, unitId) in new[] { ("leaderUnitId", appointed.LeaderUnitId), ("deputyUnitId", appointed.DeputyUnitId) })
        {
            if (unitId is not null && (!bloc.MemberUnitIds.Contains(unitId, StringComparer.Ordinal)
                || await api.Blocs.GetUnitAsync(bloc.BlocId, unitId, cancellationToken) is not { Value.Active: true }))
            {
                return ApiProblems.BadRequest(field, ErrorCodes.Unknown, new(
                    $"'{unitId}' không phải là đơn vị thành viên đang hoạt động của khối '{bloc.BlocId}'.",
                    $"'{unitId}' is not an active member unit of bloc '{bloc.BlocId}'."));
            }
        }

        if (await api.GetCampaignAsync(bloc.BlocId, y, cancellationToken) is not null)
        {
            return ApiProblems.Conflict("already-launched", new(
                $"Năm thi đua {y} của khối '{bloc.BlocId}' đã được phát động; không chỉ định lại trưởng khối được.",
                $"The campaign of bloc '{bloc.BlocId}' for {y} is launched already; its leadership cannot be appointed any more."));
        }

        var decided = await api.Launcher.LeadershipDecisionAsync(bloc.BlocId, y, cancellationToken);
        if (decided is null && await api.GetCampaignAsync(bloc.BlocId, y - 1, cancellationToken) is not null)
        {
            // The previous year's conference elects this year's leadership; an appointment would be overruled by it.
            return LeadershipDecided(bloc.BlocId, y, new(
                $"hội nghị tổng kết năm {y - 1} của khối sẽ bầu trưởng khối năm {y}",
                $"the bloc's {y - 1} year-end conference elects the leadership for {y}"));
        }

        decided ??= await api.Launcher.AppointAsync(bloc.BlocId, y, appointed, cancellationToken);
        return string.Equals(decided.Leadership.LeaderUnitId, appointed.LeaderUnitId, StringComparison.Ordinal)
            && string.Equals(decided.Leadership.DeputyUnitId, appointed.DeputyUnitId, StringComparison.Ordinal)
            ? null
            : LeadershipDecided(bloc.BlocId, y, decided.DecidedInYear == y
                ? new(
                    $"Hội đồng đã chỉ định trưởng khối '{decided.Leadership.LeaderUnitId}' và phó trưởng khối '{decided.Leadership.DeputyUnitId ?? "(không có)"}'",
                    $"the council appointed leader '{decided.Leadership.LeaderUnitId}' and deputy '{decided.Leadership.DeputyUnitId ?? "(none)"}'")
                : new(
                    $"kết quả năm {decided.DecidedInYear} đã bầu trưởng khối '{decided.Leadership.LeaderUnitId}' và phó trưởng khối '{decided.Leadership.DeputyUnitId ?? "(không có)"}'",
                    $"the {decided.DecidedInYear} result elected leader '{decided.Leadership.LeaderUnitId}' and deputy '{decided.Leadership.DeputyUnitId ?? "(none)"}'"));
    }

    private static IResult LeadershipDecided(string blocId, int y, Phrase by) => ApiProblems.Conflict(
        "leadership-decided",
        new($"Trưởng khối năm {y} của khối '{blocId}' đã được quyết định: {by.Vietnamese}.", $"The leadership of bloc '{blocId}' for {y} is decided already: {by.English}."),
        "leaderUnitId");

    /// <summary>The outcome for an If-Match that no record can have: the 412 of a stale ETag.</summary>
    internal static readonly WriteResult NeverMatches = new(WriteOutcome.ConcurrencyConflict);

    /// <summary>
    /// True for <c>*</c> and a quoted tag with something in the quotes (<c>W/</c> allowed), the forms of the
    /// ETags this API hands out. Storage refuses others (an empty or unquoted tag) with an error of its own.
    /// </summary>
    internal static bool IsEntityTag(ETag etag)
    {
        var text = etag.ToString();
        var quoted = text.StartsWith("W/", StringComparison.Ordinal) ? text[2..] : text;
        return text == "*" || (quoted.Length > 2 && quoted[0] == '"' && quoted[^1] == '"' && quoted[1..^1].All(c => c != '"' && !char.IsControl(c)));
    }

    internal static ETag? IfMatch(HttpRequest request) =>
        request.Headers[HeaderNames.IfMatch] is { Count: 1 } values && !string.IsNullOrWhiteSpace(values[0]) ? new ETag(values[0]!) : null;

    internal static IResult Written(HttpRequest request, WriteResult write, object record, Phrase what)
    {
        switch (write.Outcome)
        {
            case WriteOutcome.Created or WriteOutcome.Updated:
                request.HttpContext.Response.Headers.ETag = write.ETag?.ToString();
                return ApiJson.Json(record, write.Outcome == WriteOutcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
            case WriteOutcome.AlreadyExists:
                return ApiProblems.PreconditionRequired(new(
                    $"{what.Vietnamese} đã có; hãy gửi If-Match với ETag của nó để cập nhật.", $"{what.English} exists; send If-Match with its ETag to update it."));
            case WriteOutcome.NotFound:
                return ApiProblems.NotFound("", new(
                    $"{what.Vietnamese} chưa có; hãy gửi yêu cầu không kèm If-Match để tạo mới.", $"{what.English} does not exist; send no If-Match to create it."));
            default:
                return ApiProblems.PreconditionFailed(new(
                    $"{what.Vietnamese} đã thay đổi kể từ lần đọc trước; hãy đọc lại và gửi lại với ETag mới.", $"{what.English} changed since it was read; read it again and retry with its new ETag."));
        }
    }
}

/// <summary>A bloc with the ETag to send in If-Match.</summary>
public sealed record StoredBloc(Bloc Bloc, string ETag);

/// <summary>
/// A unit with the ETag to send in If-Match, and what its registered certificate says (null without one):
/// subject, issuer, validity, and whether it has expired, for pages to warn.
/// </summary>
public sealed record StoredUnit(MemberUnit Unit, string ETag, CertificateInfo? Certificate);
