using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ThiDua.Api.Endpoints;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Signing;

namespace ThiDua.Cli.Commands;

/// <summary>What a unit (or council staff, for seed) does through the API: seed, sign, submit, vote.</summary>
internal static class UnitCommands
{
    public static Command Seed(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var command = new Command("seed", texts["seed.description"]);
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var state = LocalState.Resolve();
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            await Seeder.SeedAsync(session.Client, state, NoiChinhBloc.BlocId, Seeder.DemoReminderOffsets, cancellationToken);
            Console.WriteLine(texts.Format("seed.done", NoiChinhBloc.Name, NoiChinhBloc.Units.Count, state.UnitsDirectory));
            return 0;
        });
        return command;
    }

    public static Command Sign(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var pfx = new Option<FileInfo?>("--pfx") { Description = texts["sign.pfx"] };
        var pem = new Option<FileInfo?>("--pem") { Description = texts["sign.pem"] };
        var key = new Option<FileInfo?>("--key") { Description = texts["sign.key"] };
        var password = new Option<string?>("--password") { Description = texts["sign.password"] };
        var output = new Option<FileInfo?>("--output") { Description = texts["sign.output"] };
        var command = new Command("sign", texts["sign.description"]) { api.Bloc, api.Year, api.Unit, pfx, pem, key, password, output };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var bloc = parseResult.GetValue(api.Bloc)!;
            var year = parseResult.GetValue(api.Year);
            var unit = parseResult.GetValue(api.Unit)!;
            var (pfxFile, pemFile) = (parseResult.GetValue(pfx), parseResult.GetValue(pem));
            if ((pfxFile is null) == (pemFile is null))
            {
                throw new InvalidOperationException(texts["sign.needKey"]);
            }

            // The key is read before any request, so a wrong password fails without touching the server.
            using var certificate = pfxFile is not null
                ? CompactSigning.LoadSigningCertificate(pfxFile.FullName, parseResult.GetValue(password))
                : CompactSigning.LoadSigningCertificate(pemFile!.FullName, parseResult.GetValue(key)?.FullName);
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var compact = await session.Client.GetBytesAsync(ApiCommandOptions.CampaignPath(bloc, year, "compact"), cancellationToken);
            var signature = CompactSigning.SignDetached(compact, certificate, DateTimeOffset.UtcNow);
            if (parseResult.GetValue(output) is { } file)
            {
                await File.WriteAllBytesAsync(file.FullName, signature, cancellationToken);
            }

            var receipt = await session.Client.PutBytesAsync<SignatureReceipt>(
                ApiCommandOptions.CampaignPath(bloc, year, $"signatures/{Uri.EscapeDataString(unit)}"), signature, UnitApi.SignatureMediaType, cancellationToken);
            Console.WriteLine(texts.Format("sign.done", unit, receipt.SignatureSha256));
            return 0;
        });
        return command;
    }

    public static Command Submit(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var file = new Argument<FileInfo>("file") { Description = texts["submit.file"] };
        var command = new Command("submit", texts["submit.description"]) { api.Bloc, api.Year, api.Unit, file };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var bloc = parseResult.GetValue(api.Bloc)!;
            var year = parseResult.GetValue(api.Year);
            var unit = parseResult.GetValue(api.Unit)!;
            var path = parseResult.GetValue(file)!;
            var bytes = await File.ReadAllBytesAsync(path.FullName, cancellationToken);
            JsonObject body;
            try
            {
                body = JsonNode.Parse(bytes) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException(texts.Format("submit.badFile", path.FullName, e.Message), e);
            }

            body["blocId"] = bloc;
            body["year"] = year;
            body["unitId"] = unit;

            // The same file sent again (a retry) carries the same id, so it makes one version, not two.
            body["clientRequestId"] ??= "cli-" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32];
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var sheet = await session.Client.PostAsync<ScoreSheet>(ApiCommandOptions.CampaignPath(bloc, year, $"scores/{Uri.EscapeDataString(unit)}"), body, cancellationToken);
            Console.WriteLine(texts.Format("submit.done", sheet.Version, unit, Points.Format(sheet.Totals.Total)));
            return 0;
        });
        return command;
    }

    public static Command Vote(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var purpose = new Argument<string>("purpose") { Description = texts["vote.purpose"] };
        purpose.AcceptOnlyFromAmong("leading-unit", "leader", "deputy");
        var choice = new Argument<string?>("choice") { Description = texts["vote.choice"], Arity = ArgumentArity.ZeroOrOne };
        var abstain = new Option<bool>("--abstain") { Description = texts["vote.abstain"] };
        var command = new Command("vote", texts["vote.description"]) { api.Bloc, api.Year, purpose, choice, abstain };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var chosen = parseResult.GetValue(choice);
            if ((chosen is null) != parseResult.GetValue(abstain))
            {
                throw new InvalidOperationException(texts["vote.needChoice"]);
            }

            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var receipt = await session.Client.PostAsync<BallotReceipt>(
                ApiCommandOptions.CampaignPath(parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Year), $"votes/{parseResult.GetValue(purpose)}/ballots"),
                new BallotRequest { Choice = chosen },
                cancellationToken);
            Console.WriteLine(texts.Format("vote.done", receipt.Round, receipt.BallotId, receipt.Receipt));
            return 0;
        });
        return command;
    }
}
