using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Http;
using ThiDua.Cli.Client;
using ThiDua.Documents;

namespace ThiDua.Cli.Commands;

/// <summary>One file <c>thidua documents</c> wrote.</summary>
public sealed record WrittenDocument(string Name, string Title, FileFormat Format, string Path, long Size);

/// <summary>What <c>thidua documents --json</c> prints: the files written, those that failed, and the documents still to come.</summary>
public sealed record DocumentsSummary(string BlocId, int Year, IReadOnlyList<WrittenDocument> Written, IReadOnlyList<string> Failed, IReadOnlyList<PendingDocumentView> Pending);

/// <summary>
/// <c>thidua documents &lt;bloc&gt; &lt;year&gt; [--format docx|pdf] [--output DIR] [--json]</c>: downloads the year's
/// official documents through the API (both formats unless --format names one) into DIR (the current folder by
/// default), named as the API names the attachment, and says which documents are still to come and after which
/// step. Exit code 2 when a file could not be downloaded.
/// </summary>
public static class DocumentsCommand
{
    public static Command Create(Texts texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var api = new ApiCommandOptions(texts);
        var format = new Option<string?>("--format") { Description = texts["documents.format"] };
        format.AcceptOnlyFromAmong([.. Enum.GetValues<FileFormat>().Select(DocumentFacts.Extension)]);
        var output = new Option<string?>("--output") { Description = texts["documents.output"] };
        var json = new Option<bool>("--json") { Description = texts["json.description"] };
        var command = new Command("documents", texts["documents.description"]) { api.Bloc, api.Year, format, output, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var bloc = parseResult.GetValue(api.Bloc)!;
            var year = parseResult.GetValue(api.Year);
            var formats = Enum.GetValues<FileFormat>().Where(f => parseResult.GetValue(format) is not { } only || DocumentFacts.Extension(f) == only).ToList();
            var directory = Path.GetFullPath(parseResult.GetValue(output) ?? ".");
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var list = await session.Client.GetAsync<DocumentList>(ApiCommandOptions.CampaignPath(bloc, year, "documents"), cancellationToken);
            Directory.CreateDirectory(directory);

            var written = new List<WrittenDocument>();
            var failed = new List<string>();
            var quiet = parseResult.GetValue(json);
            foreach (var document in list.Documents)
            {
                foreach (var file in formats)
                {
                    var extension = DocumentFacts.Extension(file);
                    try
                    {
                        var bytes = await session.Client.GetBytesAsync(ApiCommandOptions.CampaignPath(bloc, year, $"documents/{document.Name}.{extension}"), cancellationToken);

                        // The name the API gives the attachment, so a folder of several blocs' years stays unambiguous.
                        var path = Path.Combine(directory, $"{bloc}-{year}-{document.Name}.{extension}");
                        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
                        written.Add(new WrittenDocument(document.Name, document.Title, file, path, bytes.LongLength));
                        if (!quiet)
                        {
                            AnsiConsole.MarkupLine("[green]✓[/] " + Markup.Escape(texts.Format("documents.written", document.Title, path, bytes.LongLength)));
                        }
                    }
                    catch (ApiProblemException ex)
                    {
                        failed.Add($"{document.Name}.{extension}");
                        await Console.Error.WriteLineAsync(texts.Format("api.problem", ex.Message));
                    }
                }
            }

            if (quiet)
            {
                Console.WriteLine(JsonSerializer.Serialize(new DocumentsSummary(list.BlocId, list.Year, written, failed, list.Pending), ApiJson.Options));
            }
            else
            {
                if (list.Documents.Count == 0)
                {
                    AnsiConsole.MarkupLine(Markup.Escape(texts.Format("documents.none", bloc, year)));
                }

                foreach (var pending in list.Pending)
                {
                    AnsiConsole.MarkupLine("[yellow]…[/] " + Markup.Escape(texts.Format("documents.pending", pending.Title, pending.Awaits)));
                }
            }

            return failed.Count > 0 ? 2 : 0;
        });
        return command;
    }
}
