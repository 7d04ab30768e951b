using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using ThiDua.Api.Http;
using ThiDua.Domain;
using ThiDua.Spreadsheets;
using ThiDua.Storage;

namespace ThiDua.Api.Endpoints;

/// <summary>What an import does (or, in a dry run, would do) to one unit.</summary>
/// <param name="UnitId">The unit's id.</param>
/// <param name="Name">Its name as the file gives it.</param>
/// <param name="Action"><c>create</c>, <c>update</c> or <c>unchanged</c>.</param>
/// <param name="Changed">The fields that change: <c>name</c>, <c>contacts</c>.</param>
public sealed record UnitChange(string UnitId, string Name, string Action, IReadOnlyList<string> Changed);

/// <summary>The answer of a units import: every unit of the file with what happens to it.</summary>
public sealed record UnitImport(bool DryRun, IReadOnlyList<UnitChange> Changes);

/// <summary>
/// Council staff's import of a bloc's units from .xlsx or CSV: creates the new units, updates the names and contacts of
/// those that exist (their certificates and whether they are active stay as they are; none is deactivated), and adds
/// the units the bloc does not list yet to its members and rotation order. <c>?dryRun=true</c> answers the same
/// without storing anything; a refused file stores nothing either.
/// </summary>
public static class UnitImportApi
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Unchanged = "unchanged";

    /// <summary>Attempts at adding the units to the bloc when another edit of the bloc comes in between.</summary>
    private const int BlocAttempts = 5;

    public static async Task<IResult> ImportAsync(string blocId, HttpRequest request, [FromServices] ApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        if (CriteriaApi.DryRun(request) is not { } dryRun)
        {
            return ApiProblems.BadRequest("dryRun", ErrorCodes.InvalidFormat, new("Phải là true hoặc false.", "Must be true or false."));
        }

        if (await api.Blocs.GetBlocAsync(blocId, cancellationToken) is not { } bloc)
        {
            return ApiProblems.NotFound("blocId", new($"Không có khối '{blocId}'; hãy tạo khối trước.", $"No bloc '{blocId}'; create it first."));
        }

        var media = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        var xlsx = string.Equals(media, XlsxFile.MediaType, StringComparison.OrdinalIgnoreCase);
        if (!xlsx && !string.Equals(media, CsvFile.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.UnsupportedMediaType($"{XlsxFile.MediaType}, {CsvFile.MediaType}");
        }

        var (bytes, tooLarge) = await ApiJson.ReadBodyAsync(request, XlsxFile.MaxFileBytes, cancellationToken);
        if (tooLarge)
        {
            return ApiProblems.TooLarge(XlsxFile.MaxFileBytes);
        }

        var read = xlsx ? UnitsSheet.ReadXlsx(bytes) : UnitsSheet.ReadCsv(bytes);
        if (read.Value is not { } entries)
        {
            return ApiProblems.Sheet(read.Problems);
        }

        // The units the file adds join the bloc's members: refused, with nothing stored, past what a bloc may have.
        var members = bloc.Value.MemberUnitIds.Union(entries.Select(e => e.UnitId), StringComparer.Ordinal).Count();
        if (members > Bloc.MaxMembers)
        {
            return ApiProblems.BadRequest("memberUnitIds", ErrorCodes.OutOfRange, Bloc.TooManyMembers(members));
        }

        var stored = (await api.Blocs.ListUnitsAsync(blocId, cancellationToken)).ToDictionary(u => u.Value.UnitId, StringComparer.Ordinal);
        var after = stored.Values.Select(u => u.Value).Where(u => !entries.Any(e => e.UnitId == u.UnitId))
            .Concat(entries.Select(e => new MemberUnit { UnitId = e.UnitId, BlocId = blocId, Name = e.Name })).ToList();
        foreach (var unit in after.Where(u => entries.Any(e => e.UnitId == u.UnitId)))
        {
            if (unit.NameClash(after) is { } clash)
            {
                return ApiProblems.Conflict(
                    "duplicate-name",
                    new(
                        $"Đơn vị '{clash.UnitId}' của khối '{blocId}' có tên '{clash.Name}', đọc giống hệt tên '{unit.Name}' của đơn vị '{unit.UnitId}' trong tệp; mỗi đơn vị trong khối cần một tên riêng.",
                        $"Unit '{clash.UnitId}' of bloc '{blocId}' is named '{clash.Name}', which reads the same as '{unit.Name}' of unit '{unit.UnitId}' in the file; each unit of a bloc needs a name of its own."),
                    "name");
            }
        }

        var changes = entries.Select(e => Change(e, stored.GetValueOrDefault(e.UnitId)?.Value)).ToList();
        if (!dryRun)
        {
            if (await ApplyAsync(blocId, entries, changes, stored, api, cancellationToken) is { } conflict)
            {
                return conflict;
            }
        }

        return ApiJson.Json(new UnitImport(dryRun, changes));
    }

    private static UnitChange Change(UnitEntry entry, MemberUnit? existing)
    {
        if (existing is null)
        {
            return new UnitChange(entry.UnitId, entry.Name, Create, ["name", "contacts"]);
        }

        var changed = new List<string>();
        if (!string.Equals(existing.Name, entry.Name, StringComparison.Ordinal))
        {
            changed.Add("name");
        }

        if (!existing.Contacts.SequenceEqual(entry.Contacts))
        {
            changed.Add("contacts");
        }

        return new UnitChange(entry.UnitId, entry.Name, changed.Count == 0 ? Unchanged : Update, changed);
    }

    private static async Task<IResult?> ApplyAsync(
        string blocId,
        IReadOnlyList<UnitEntry> entries,
        List<UnitChange> changes,
        Dictionary<string, Stored<MemberUnit>> stored,
        ApiServices api,
        CancellationToken cancellationToken)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var write = changes[i].Action switch
            {
                Create => await api.Blocs.CreateUnitAsync(new MemberUnit { UnitId = entry.UnitId, BlocId = blocId, Name = entry.Name, Contacts = entry.Contacts }, cancellationToken),
                Update => await api.Blocs.UpdateUnitAsync(stored[entry.UnitId].Value with { Name = entry.Name, Contacts = entry.Contacts }, stored[entry.UnitId].ETag, cancellationToken),
                _ => new WriteResult(WriteOutcome.Updated),
            };
            if (write.Outcome is not (WriteOutcome.Created or WriteOutcome.Updated))
            {
                return ChangedMeanwhile(blocId, entry.UnitId);
            }
        }

        for (var attempt = 0; attempt < BlocAttempts; attempt++)
        {
            var bloc = (await api.Blocs.GetBlocAsync(blocId, cancellationToken))!;
            var missing = entries.Select(e => e.UnitId).Where(id => !bloc.Value.MemberUnitIds.Contains(id, StringComparer.Ordinal)).ToList();
            // A bloc that keeps no rotation order of its own (members only) keeps none.
            var unrotated = bloc.Value.RotationOrder.Count == 0 && bloc.Value.MemberUnitIds.Count > 0
                ? []
                : entries.Select(e => e.UnitId).Where(id => !bloc.Value.RotationOrder.Contains(id, StringComparer.Ordinal)).ToList();
            if (missing.Count == 0 && unrotated.Count == 0)
            {
                return null;
            }

            var updated = bloc.Value with { MemberUnitIds = [.. bloc.Value.MemberUnitIds, .. missing], RotationOrder = [.. bloc.Value.RotationOrder, .. unrotated] };
            if ((await api.Blocs.UpdateBlocAsync(updated, bloc.ETag, cancellationToken)).Outcome == WriteOutcome.Updated)
            {
                return null;
            }
        }

        return ChangedMeanwhile(blocId, null);
    }

    private static IResult ChangedMeanwhile(string blocId, string? unitId) => ApiProblems.PreconditionFailed(unitId is null
        ? new($"Khối '{blocId}' đang được sửa cùng lúc; các đơn vị đã được lưu, hãy nhập lại tệp để thêm chúng vào khối.", $"Bloc '{blocId}' is being edited at the same time; the units are saved, import the file again to add them to the bloc.")
        : new($"Đơn vị '{unitId}' của khối '{blocId}' vừa được sửa cùng lúc; hãy chạy thử lại rồi nhập lại tệp.", $"Unit '{unitId}' of bloc '{blocId}' was edited at the same time; run the dry run again and import the file again."));
}
