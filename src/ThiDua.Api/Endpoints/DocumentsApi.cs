using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ThiDua.Api.Http;
using ThiDua.Documents;
using ThiDua.Domain;
using ThiDua.Workflows.Documents;

namespace ThiDua.Api.Endpoints;

/// <summary>One file of a produced document: its format and where to download it.</summary>
public sealed record DocumentFileView(FileFormat Format, string Url);

/// <summary>A produced official document of the year, with a file per format.</summary>
public sealed record DocumentView(string Name, string Title, DocumentKind Kind, IReadOnlyList<DocumentFileView> Files);

/// <summary>A document the year will have, and the step it waits for; <see cref="Name"/> is null for the vote count minutes of rounds to come.</summary>
public sealed record PendingDocumentView(string? Name, string Title, DocumentKind Kind, string Awaits);

/// <summary>The year's official documents: those produced and those still to come.</summary>
public sealed record DocumentList(string BlocId, int Year, IReadOnlyList<DocumentView> Documents, IReadOnlyList<PendingDocumentView> Pending);

/// <summary>The year's official documents (<see cref="YearDocuments"/>), for the bloc's units and council staff.</summary>
public static class DocumentsApi
{
    /// <summary>GET <see cref="ApiRoutes.Documents"/>: the produced documents with their download paths, and those still to come.</summary>
    public static async Task<IResult> ListAsync(
        string blocId, string year, HttpRequest request, [FromServices] YearDocuments documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(documents);
        var y = Admission.Of(request).Year;
        if (await documents.ListWithPendingAsync(blocId, y, cancellationToken) is not { } list)
        {
            return NoYear(y);
        }

        return ApiJson.Json(new DocumentList(
            blocId,
            y,
            [.. list.Produced.Select(d => new DocumentView(d.Name, d.Title, d.Kind, [.. YearDocuments.Formats.Select(f => new DocumentFileView(f, Path(blocId, y, d.Name, f)))]))],
            [.. list.Pending.Select(d => new PendingDocumentView(d.Name, d.Title, d.Kind, d.Awaits))]));
    }

    /// <summary>
    /// GET <see cref="ApiRoutes.DocumentFile"/>: <c>{name}.docx</c> or <c>{name}.pdf</c> (or the name with
    /// <c>?format=</c>), as an attachment named <c>{blocId}-{year}-{name}.{ext}</c>. 409 naming the step a
    /// document of the year waits for; 404 for a name or format the year has no document of.
    /// </summary>
    public static async Task<IResult> GetAsync(
        string blocId, string year, string file, HttpRequest request, [FromServices] YearDocuments documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(file);
        var y = Admission.Of(request).Year;
        if (Parse(file, request.Query["format"].FirstOrDefault()) is not var (name, format))
        {
            return ApiProblems.NotFound("file", new(
                $"Không có văn bản «{file}»: tên văn bản kèm định dạng .docx hoặc .pdf.", $"No document «{file}»: give a document's name with .docx or .pdf."));
        }

        if (await documents.ReadAsync(blocId, y, name, format, cancellationToken) is { } found)
        {
            if (!found.Verified)
            {
                throw new InvalidOperationException($"Document {name}.{DocumentFacts.Extension(format)} of {blocId}/{y} does not match the hash recorded when it was stored.");
            }

            request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(found.Content.ToArray(), DocumentFacts.ContentType(format), $"{blocId}-{y}-{name}.{DocumentFacts.Extension(format)}");
        }

        if (await documents.FindPendingAsync(blocId, y, name, cancellationToken) is { } pending)
        {
            return ApiProblems.Conflict("document-not-ready", NotReady(pending), "file");
        }

        return await documents.ListWithPendingAsync(blocId, y, cancellationToken) is null
            ? NoYear(y)
            : ApiProblems.NotFound("file", new($"Năm thi đua {y} không có văn bản «{name}».", $"The {y} campaign has no document «{name}»."));
    }

    /// <summary>The download path of a document's file, as the list gives it.</summary>
    public static string Path(string blocId, int year, string name, FileFormat format) =>
        $"/api/blocs/{blocId}/campaigns/{year}/documents/{name}.{DocumentFacts.Extension(format)}";

    /// <summary>The name and format of <c>{name}.{ext}</c>, or of a bare name with <paramref name="format"/>; null for any other.</summary>
    private static (string Name, FileFormat Format)? Parse(string file, string? format)
    {
        foreach (var candidate in YearDocuments.Formats)
        {
            var extension = DocumentFacts.Extension(candidate);
            if (file.EndsWith("." + extension, StringComparison.Ordinal))
            {
                var name = file[..^(extension.Length + 1)];
                return IsName(name) ? (name, candidate) : null;
            }

            if (format == extension && IsName(file))
            {
                return (file, candidate);
            }
        }

        return null;
    }

    /// <summary>Document names are ASCII lowercase words joined by hyphens (<see cref="DocumentFacts.NameOf"/>).</summary>
    private static bool IsName(string name) =>
        name.Length is > 0 and <= 80 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static IResult NoYear(int year) => ApiProblems.NotFound("year", new($"Khối chưa có năm thi đua {year}.", $"The bloc has no campaign for {year}."));

    /// <summary>The refusal of a document not drawn up yet, naming the step it waits for: the list's Vietnamese, and English by kind.</summary>
    private static Phrase NotReady(PendingDocument pending) => new(
        $"{pending.Title} chưa được lập: văn bản được lập {pending.Awaits}.",
        pending.Kind switch
        {
            DocumentKind.Compact => "The compact is not drawn up yet: it is drawn up once signing closes and the compact is sealed.",
            DocumentKind.ScoreSummary => "The score summary is not drawn up yet: it is drawn up once the review ends.",
            DocumentKind.VoteCount => "These minutes of the ballot count are not drawn up yet: they are drawn up as each round ends.",
            DocumentKind.ConferenceMinutes => "The minutes of the year-end conference are not drawn up yet: they are drawn up once the conference closes.",
            _ => "The award proposal letter is not drawn up yet: it is drawn up once the year's results are recorded.",
        });
}
