using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using ThiDua.Api.Identity;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.LocalHost;

namespace ThiDua.Cli.Commands;

/// <summary><c>thidua token issue|revoke</c> (directly on the local storage) and <c>thidua outbox</c>.</summary>
internal static class AdminCommands
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Token(Texts texts)
    {
        var admin = new Option<bool>("--admin") { Description = texts["token.admin"] };
        var unit = new Option<string?>("--unit") { Description = texts["token.unit"] };
        var days = new Option<int>("--days") { Description = texts["token.days"], DefaultValueFactory = _ => 30 };
        var label = new Option<string?>("--label") { Description = texts["token.label"] };
        var issue = new Command("issue", texts["token.issue"]) { admin, unit, days, label };
        issue.SetAction(async (parseResult, cancellationToken) =>
        {
            var subject = Subject(texts, parseResult.GetValue(admin), parseResult.GetValue(unit));
            await using var storage = await LocalState.Resolve().OpenStorageAsync(cancellationToken);
            var tokens = new TokenStore(storage.Options);
            await tokens.InitializeAsync(cancellationToken);
            var issued = await tokens.IssueAsync(subject, TimeSpan.FromDays(parseResult.GetValue(days)), parseResult.GetValue(label), cancellationToken);
            Console.WriteLine(texts.Format("token.issued", issued.Token, issued.TokenId, DemoText.Time(issued.ExpiresAt)));
            return 0;
        });

        var id = new Argument<string>("tokenId") { Description = texts["token.id"] };
        var revoke = new Command("revoke", texts["token.revoke"]) { id };
        revoke.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var storage = await LocalState.Resolve().OpenStorageAsync(cancellationToken);
            var tokenId = parseResult.GetValue(id)!;
            if (!await new TokenStore(storage.Options).RevokeAsync(tokenId, cancellationToken))
            {
                await Console.Error.WriteLineAsync(texts.Format("token.unknown", tokenId));
                return 1;
            }

            Console.WriteLine(texts.Format("token.revoked", tokenId));
            return 0;
        });

        return new Command("token", texts["token.description"]) { issue, revoke };
    }

    public static Command Outbox(Texts texts)
    {
        var json = new Option<bool>("--json") { Description = texts["json.description"] };
        var command = new Command("outbox", texts["outbox.description"]) { json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var state = LocalState.Resolve();
            var messages = await MailOutbox.ReadAsync(state.OutboxDirectory, cancellationToken);
            if (parseResult.GetValue(json))
            {
                var rows = messages.Select(m => new { time = m.Time, recipients = m.Recipients, subject = m.Subject, file = m.File });
                Console.WriteLine(JsonSerializer.Serialize(rows, Json));
                return 0;
            }

            if (messages.Count == 0)
            {
                Console.WriteLine(texts.Format("outbox.empty", state.OutboxDirectory));
                return 0;
            }

            var table = new Table().AddColumn(texts["outbox.time"]).AddColumn(texts["outbox.to"]).AddColumn(texts["outbox.subject"]);
            foreach (var m in messages)
            {
                table.AddRow(
                    VietnamTime.ToVietnam(m.Time).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", m.Recipients)),
                    Markup.Escape(m.Subject));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    static Caller Subject(Texts texts, bool admin, string? unit)
    {
        if (admin == (unit is not null))
        {
            throw new InvalidOperationException(texts["token.needSubject"]);
        }

        if (admin)
        {
            return Caller.Admin;
        }

        var parts = unit!.Split('/');
        if (parts.Length != 2 || !Identifier.IsValid(parts[0]) || !Identifier.IsValid(parts[1]))
        {
            throw new InvalidOperationException(texts["token.badUnit"]);
        }

        return Caller.Unit(parts[0], parts[1]);
    }
}
