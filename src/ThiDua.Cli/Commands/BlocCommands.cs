using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ThiDua.Api.Endpoints;
using ThiDua.Cli.Client;
using ThiDua.Domain;

namespace ThiDua.Cli.Commands;

/// <summary>
/// The council's register of blocs and their units through the API: <c>thidua bloc create|show|set</c>,
/// <c>thidua unit add|set|deactivate</c>, <c>thidua units import|template</c>. Every change of a stored record
/// reads it with its ETag and writes it back with If-Match, so two clerks never overwrite each other silently.
/// </summary>
internal static class BlocCommands
{
    public static Command Bloc(Texts texts) => new("bloc", texts["bloc.description"]) { CreateBloc(texts), ShowBloc(texts), SetBloc(texts), Rules(texts) };

    public static Command Unit(Texts texts) => new("unit", texts["unit.description"]) { AddUnit(texts), SetUnit(texts), DeactivateUnit(texts) };

    /// <summary>
    /// <c>thidua identity map &lt;objectId&gt; &lt;bloc&gt;/&lt;unit&gt;</c> and <c>unmap &lt;objectId&gt;</c>: which unit a person
    /// signed in with Microsoft Entra ID acts for (their object id), as council staff set it in Azure.
    /// </summary>
    public static Command Identity(Texts texts) => new("identity", texts["identity.description"]) { MapIdentity(texts), UnmapIdentity(texts) };

    public static Command Units(Texts texts) => new("units", texts["units.description"]) { ImportUnits(texts), UnitsTemplate(texts) };

    static Command CreateBloc(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var fields = new BlocFields(texts, nameRequired: true);
        var rules = new Option<FileInfo?>("--rules") { Description = texts["bloc.rulesFile"] };
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("create", texts["bloc.create"]) { api.Bloc };
        fields.AddTo(command);
        command.Options.Add(rules);
        command.Options.Add(json);
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var bloc = parseResult.GetValue(api.Bloc)!;
            var body = new JsonObject();
            fields.Apply(parseResult, body);
            if (parseResult.GetValue(rules) is { } file)
            {
                body["rules"] = ParseJsonFile(await ApiCommandOptions.ReadFileAsync(file, texts, cancellationToken), file, texts);
            }

            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            JsonNode written;
            try
            {
                written = await session.Client.PutAsync<JsonNode>(ApiCommandOptions.BlocPath(bloc), body, cancellationToken);
            }
            catch (ApiProblemException e) when (e.Status == HttpStatusCode.PreconditionRequired)
            {
                throw new ApiProblemException(e.Message + "\n" + texts.Format("bloc.exists", bloc), e);
            }

            Print(parseResult.GetValue(json), written, () => Console.WriteLine(texts.Format("bloc.created", Name(written), bloc, Count(written["memberUnitIds"]))));
            return 0;
        });
        return command;
    }

    static Command ShowBloc(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("show", texts["bloc.show"]) { api.Bloc, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var bloc = parseResult.GetValue(api.Bloc)!;
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var (stored, etag) = (await session.Client.GetWithETagAsync(ApiCommandOptions.BlocPath(bloc), false, cancellationToken))!.Value;
            var units = await session.Client.GetAsync<JsonNode>(ApiCommandOptions.BlocPath(bloc, "units"), cancellationToken);
            if (parseResult.GetValue(json))
            {
                ApiCommandOptions.WriteJson(new JsonObject { ["bloc"] = stored.DeepClone(), ["eTag"] = etag, ["units"] = units.DeepClone() });
                return 0;
            }

            WriteBloc(texts, bloc, stored, units.AsArray());
            return 0;
        });
        return command;
    }

    static Command SetBloc(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var fields = new BlocFields(texts, nameRequired: false);
        var rule = new Option<string[]>("--rule") { Description = texts["bloc.rule"], AllowMultipleArgumentsPerToken = false };
        var active = new Option<bool?>("--active") { Description = texts["bloc.active"] };
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("set", texts["bloc.set"]) { api.Bloc };
        fields.AddTo(command);
        command.Options.Add(rule);
        command.Options.Add(active);
        command.Options.Add(json);
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var bloc = parseResult.GetValue(api.Bloc)!;
            var edits = (parseResult.GetValue(rule) ?? []).Select(r => RuleEdit.Parse(r, texts)).ToList();
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var (stored, etag) = (await session.Client.GetWithETagAsync(ApiCommandOptions.BlocPath(bloc), false, cancellationToken))!.Value;

            // The stored bloc is the body, less the id the route carries: what is not given stays as it is.
            var body = stored.DeepClone().AsObject();
            body.Remove("blocId");
            fields.Apply(parseResult, body);
            if (parseResult.GetValue(active) is { } isActive)
            {
                body["active"] = isActive;
            }

            foreach (var edit in edits)
            {
                edit.ApplyTo(body["rules"] as JsonObject ?? (JsonObject)(body["rules"] = new JsonObject()));
            }

            var written = await WriteAsync(() => session.Client.PutAsync<JsonNode>(ApiCommandOptions.BlocPath(bloc), body, cancellationToken, etag), texts.Format("bloc.changedMeanwhile", bloc));
            Print(parseResult.GetValue(json), written, () => Console.WriteLine(texts.Format("bloc.updated", Name(written), bloc)));
            return 0;
        });
        return command;
    }

    /// <summary><c>thidua bloc rules [--json]</c>: every rule <c>--rule</c> can set, with its default, allowed values and meaning.</summary>
    static Command Rules(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("rules", texts["bloc.rulesCatalog"]) { json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var catalog = await session.Client.GetAsync<JsonNode>("api/rules", cancellationToken);
            Print(parseResult.GetValue(json), catalog, () =>
            {
                foreach (var rule in catalog.Deserialize<RuleCatalog>(ApiClient.ReadOptions)!.Rules)
                {
                    var localizer = texts.English ? Localizer.English : Localizer.Vietnamese;
                    // A group's default is its rules' defaults, listed under it.
                    var value = rule.Default is null || rule.Type == "object" ? "" : " = " + RuleEdit.Text(rule.Default);
                    Console.WriteLine($"{rule.Path}{value} · {rule.Title.In(localizer)}");
                    Console.WriteLine("    " + rule.Explanation.In(localizer));
                    if (rule.Values is { Count: > 0 } values)
                    {
                        Console.WriteLine("    " + texts.Format("bloc.ruleValues", string.Join(", ", values.Select(v => $"{v.Value} ({v.Label.In(localizer)})"))));
                    }
                }
            });
            return 0;
        });
        return command;
    }

    static Command AddUnit(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var fields = new UnitFields(texts, nameRequired: true);
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("add", texts["unit.add"]) { api.Bloc, api.Unit };
        fields.AddTo(command);
        command.Options.Add(json);
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, unit) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Unit)!);
            var body = new JsonObject();
            await fields.ApplyAsync(parseResult, body, cancellationToken);
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            JsonNode written;
            try
            {
                written = await session.Client.PutAsync<JsonNode>(ApiCommandOptions.BlocPath(bloc, "units/" + Uri.EscapeDataString(unit)), body, cancellationToken);
            }
            catch (ApiProblemException e) when (e.Status == HttpStatusCode.PreconditionRequired)
            {
                throw new ApiProblemException(e.Message + "\n" + texts.Format("unit.exists", unit, bloc), e);
            }

            await JoinAsync(session.Client, texts, bloc, unit, cancellationToken);
            Print(parseResult.GetValue(json), written, () => Console.WriteLine(texts.Format("unit.added", Name(written), unit, bloc)));
            return 0;
        });
        return command;
    }

    static Command SetUnit(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var fields = new UnitFields(texts, nameRequired: false);
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("set", texts["unit.set"]) { api.Bloc, api.Unit };
        fields.AddTo(command);
        command.Options.Add(json);
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, unit) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Unit)!);
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var written = await ChangeUnitAsync(session.Client, texts, bloc, unit, body => fields.ApplyAsync(parseResult, body, cancellationToken), cancellationToken);
            Print(parseResult.GetValue(json), written, () => Console.WriteLine(texts.Format("unit.updated", Name(written), unit, bloc)));
            return 0;
        });
        return command;
    }

    static Command DeactivateUnit(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("deactivate", texts["unit.deactivate"]) { api.Bloc, api.Unit, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, unit) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Unit)!);
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var written = await ChangeUnitAsync(
                session.Client,
                texts,
                bloc,
                unit,
                body =>
                {
                    body["active"] = false;
                    return Task.CompletedTask;
                },
                cancellationToken);
            Print(parseResult.GetValue(json), written, () => Console.WriteLine(texts.Format("unit.deactivated", Name(written), unit, bloc)));
            return 0;
        });
        return command;
    }

    static Command MapIdentity(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var objectId = new Argument<string>("objectId") { Description = texts["identity.objectId"] };
        var unit = new Argument<string>("bloc/unit") { Description = texts["identity.unit"] };
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("map", texts["identity.map"]) { objectId, unit, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var id = parseResult.GetValue(objectId)!;
            var parts = parseResult.GetValue(unit)!.Split('/');
            if (parts.Length != 2)
            {
                throw new InvalidOperationException(texts["identity.badUnit"]);
            }

            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var written = await session.Client.PutAsync<JsonNode>(IdentityPath(id), new JsonObject { ["blocId"] = parts[0], ["unitId"] = parts[1] }, cancellationToken);
            Print(parseResult.GetValue(json), written, () => Console.WriteLine(texts.Format("identity.mapped", id, parts[1], parts[0])));
            return 0;
        });
        return command;
    }

    static Command UnmapIdentity(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var objectId = new Argument<string>("objectId") { Description = texts["identity.objectId"] };
        var command = new Command("unmap", texts["identity.unmap"]) { objectId };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var id = parseResult.GetValue(objectId)!;
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            await session.Client.DeleteAsync(IdentityPath(id), cancellationToken);
            Console.WriteLine(texts.Format("identity.unmapped", id));
            return 0;
        });
        return command;
    }

    static string IdentityPath(string objectId) => "api/identities/" + Uri.EscapeDataString(objectId);

    static Command ImportUnits(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var file = new Argument<FileInfo>("file") { Description = texts["units.file"] };
        var dryRun = new Option<bool>("--dry-run") { Description = texts["units.dryRun"] };
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("import", texts["units.import"]) { api.Bloc, file, dryRun, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var bloc = parseResult.GetValue(api.Bloc)!;
            var path = parseResult.GetValue(file)!;
            var mediaType = ApiCommandOptions.SpreadsheetMediaType(path, csvAllowed: true, texts);
            var bytes = await ApiCommandOptions.ReadFileAsync(path, texts, cancellationToken);
            var dry = parseResult.GetValue(dryRun);
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var result = await session.Client.SendBytesAsync<JsonNode>(
                HttpMethod.Post, ApiCommandOptions.BlocPath(bloc, "units/import" + (dry ? "?dryRun=true" : "")), bytes, mediaType, cancellationToken);
            Print(parseResult.GetValue(json), result, () => WriteImport(texts, bloc, result.Deserialize<UnitImport>(ApiClient.ReadOptions)!));
            return 0;
        });
        return command;
    }

    static Command UnitsTemplate(Texts texts) => ApiCommandOptions.Template(texts, "units.template", "api/templates/units.xlsx", "danh-sach-don-vi.xlsx");

    /// <summary>
    /// Reads the unit with its ETag (from the bloc's list: the API lists units with theirs), lets
    /// <paramref name="change"/> edit the body, and writes it back with If-Match.
    /// </summary>
    static async Task<JsonNode> ChangeUnitAsync(ApiClient client, Texts texts, string bloc, string unit, Func<JsonObject, Task> change, CancellationToken cancellationToken)
    {
        var units = await client.GetAsync<JsonNode>(ApiCommandOptions.BlocPath(bloc, "units"), cancellationToken);
        var stored = units.AsArray().OfType<JsonObject>().FirstOrDefault(u => u["unit"]?["unitId"]?.GetValue<string>() == unit)
            ?? throw new InvalidOperationException(texts.Format("unit.unknown", unit, bloc));
        var body = new JsonObject
        {
            ["name"] = stored["unit"]!["name"]?.DeepClone(),
            ["contacts"] = stored["unit"]!["contacts"]?.DeepClone() ?? new JsonArray(),
            ["certificatePem"] = stored["unit"]!["certificatePem"]?.DeepClone(),
            ["active"] = stored["unit"]!["active"]?.DeepClone() ?? true,
        };
        await change(body);
        var etag = stored["eTag"]?.GetValue<string>();
        return await WriteAsync(
            () => client.PutAsync<JsonNode>(ApiCommandOptions.BlocPath(bloc, "units/" + Uri.EscapeDataString(unit)), body, cancellationToken, etag),
            texts.Format("unit.changedMeanwhile", unit, bloc));
    }

    /// <summary>
    /// A unit added to a bloc is one of its members, last in the rotation order, as a units import makes it: the bloc is
    /// read with its ETag and written back with If-Match when the unit is not listed yet.
    /// </summary>
    static async Task JoinAsync(ApiClient client, Texts texts, string bloc, string unit, CancellationToken cancellationToken)
    {
        var (stored, etag) = (await client.GetWithETagAsync(ApiCommandOptions.BlocPath(bloc), false, cancellationToken))!.Value;
        var body = stored.DeepClone().AsObject();
        body.Remove("blocId");
        var changed = false;
        foreach (var list in new[] { "memberUnitIds", "rotationOrder" })
        {
            var ids = body[list] as JsonArray ?? (JsonArray)(body[list] = new JsonArray());
            if (!ids.Any(id => id?.GetValue<string>() == unit))
            {
                ids.Add(unit);
                changed = true;
            }
        }

        if (changed)
        {
            await WriteAsync(() => client.PutAsync<JsonNode>(ApiCommandOptions.BlocPath(bloc), body, cancellationToken, etag), texts.Format("bloc.changedMeanwhile", bloc));
        }
    }

    /// <summary>A write with If-Match; a 412 means another clerk changed the record after this command read it.</summary>
    static async Task<JsonNode> WriteAsync(Func<Task<JsonNode>> write, string changedMeanwhile)
    {
        try
        {
            return await write();
        }
        catch (ApiProblemException e) when (e.Status == HttpStatusCode.PreconditionFailed)
        {
            throw new ApiProblemException(e.Message + "\n" + changedMeanwhile, e);
        }
    }

    static void Print(bool json, JsonNode node, Action text)
    {
        if (json)
        {
            ApiCommandOptions.WriteJson(node);
        }
        else
        {
            text();
        }
    }

    static string? Name(JsonNode node) => node["name"]?.GetValue<string>();

    static int Count(JsonNode? list) => list is JsonArray array ? array.Count : 0;

    static JsonNode ParseJsonFile(byte[] bytes, FileInfo file, Texts texts)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new JsonException(texts["file.notObject"]);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(texts.Format("submit.badFile", file.FullName, e.Message), e);
        }
    }

    static void WriteBloc(Texts texts, string blocId, JsonNode bloc, JsonArray units)
    {
        var byId = units.OfType<JsonObject>().Where(u => u["unit"]?["unitId"] is not null).ToDictionary(u => u["unit"]!["unitId"]!.GetValue<string>(), u => u, StringComparer.Ordinal);
        var active = bloc["active"]?.GetValue<bool>() ?? true;
        Console.WriteLine(texts.Format("bloc.title", Name(bloc), blocId, texts[active ? "bloc.isActive" : "bloc.isInactive"]));
        Console.WriteLine(texts.Format(
            "bloc.launchDate",
            string.Create(CultureInfo.InvariantCulture, $"{bloc["launchDay"]?.GetValue<int>():00}/{bloc["launchMonth"]?.GetValue<int>():00}")));
        var members = bloc["memberUnitIds"]?.AsArray().Select(m => m!.GetValue<string>()).ToList() ?? [];
        Console.WriteLine(texts.Format("bloc.members", members.Count));
        foreach (var id in members.Concat(byId.Keys.Except(members, StringComparer.Ordinal)))
        {
            Console.WriteLine("  " + UnitLine(texts, id, byId.GetValueOrDefault(id), members.Contains(id, StringComparer.Ordinal)));
        }

        var rotation = bloc["rotationOrder"]?.AsArray().Select(m => m!.GetValue<string>()).ToList() ?? [];
        Console.WriteLine(texts.Format("bloc.rotation", rotation.Count == 0 ? "—" : string.Join(", ", rotation)));
        Console.WriteLine(texts["bloc.rules"]);
        foreach (var (path, value) in RuleEdit.Flatten(bloc["rules"], ""))
        {
            Console.WriteLine($"  {path} = {value}");
        }
    }

    static string UnitLine(Texts texts, string id, JsonObject? stored, bool member)
    {
        if (stored?["unit"] is not JsonObject unit)
        {
            return texts.Format("bloc.unitMissing", id);
        }

        var line = new StringBuilder().Append(id).Append(" · ").Append(Name(unit));
        if (!(unit["active"]?.GetValue<bool>() ?? true))
        {
            line.Append(" · ").Append(texts["unit.inactive"]);
        }

        if (!member)
        {
            line.Append(" · ").Append(texts["unit.notMember"]);
        }

        line.Append(" · ").Append(texts.Format("unit.contacts", Count(unit["contacts"])));

        // The certificate's details when the API reads them out of the stored certificate; else whether there is one.
        line.Append(" · ").Append(stored["certificate"] is JsonObject certificate
            ? texts.Format(
                (certificate["expired"]?.GetValue<bool>() ?? false) ? "unit.certificateExpired" : "unit.certificate",
                certificate["subject"]?.ToString(),
                certificate["notAfter"] is { } notAfter ? VietnamTime.FormatDate(notAfter.GetValue<DateTimeOffset>()) : "—")
            : texts[unit["certificatePem"] is null ? "unit.noCertificate" : "unit.hasCertificate"]);
        return line.ToString();
    }

    static void WriteImport(Texts texts, string bloc, UnitImport import)
    {
        Console.WriteLine(texts.Format(import.DryRun ? "units.wouldChange" : "units.changed", bloc));
        foreach (var change in import.Changes)
        {
            var action = change.Action switch
            {
                "create" => texts["units.create"],
                "update" => texts.Format("units.update", string.Join(", ", change.Changed)),
                _ => texts["units.unchanged"],
            };
            Console.WriteLine($"  {change.UnitId} · {change.Name}: {action}");
        }

        var counts = import.Changes.GroupBy(c => c.Action, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Console.WriteLine(texts.Format(
            import.DryRun ? "units.summaryDry" : "units.summary", counts.GetValueOrDefault("create"), counts.GetValueOrDefault("update"), counts.GetValueOrDefault("unchanged")));
    }

    /// <summary>The options a bloc's create and set share.</summary>
    sealed class BlocFields
    {
        readonly Texts _texts;
        readonly Option<string?> _name;
        readonly Option<string?> _members;
        readonly Option<string?> _rotation;
        readonly Option<string?> _launchDate;

        public BlocFields(Texts texts, bool nameRequired)
        {
            _texts = texts;
            _name = new Option<string?>("--name") { Description = texts["bloc.name"], Required = nameRequired };
            _members = new Option<string?>("--members") { Description = texts["bloc.membersOption"] };
            _rotation = new Option<string?>("--rotation") { Description = texts["bloc.rotationOption"] };
            _launchDate = new Option<string?>("--launch-date") { Description = texts["bloc.launchDateOption"] };
        }

        public void AddTo(Command command)
        {
            command.Options.Add(_name);
            command.Options.Add(_members);
            command.Options.Add(_rotation);
            command.Options.Add(_launchDate);
        }

        /// <summary>Puts the given options into the body; a new bloc's rotation follows its members unless given.</summary>
        public void Apply(ParseResult parseResult, JsonObject body)
        {
            if (parseResult.GetValue(_name) is { } name)
            {
                body["name"] = name;
            }

            var members = parseResult.GetValue(_members) is { } m ? ApiCommandOptions.Ids(m) : null;
            if (members is not null)
            {
                body["memberUnitIds"] = new JsonArray([.. members.Select(id => JsonValue.Create(id))]);
            }

            if (parseResult.GetValue(_rotation) is { } r)
            {
                body["rotationOrder"] = new JsonArray([.. ApiCommandOptions.Ids(r).Select(id => JsonValue.Create(id))]);
            }
            else if (members is not null && !body.ContainsKey("rotationOrder"))
            {
                body["rotationOrder"] = body["memberUnitIds"]!.DeepClone();
            }

            if (parseResult.GetValue(_launchDate) is { } date)
            {
                if (!DateOnly.TryParseExact("2025-" + date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    throw new InvalidOperationException(_texts.Format("bloc.badLaunchDate", date));
                }

                body["launchMonth"] = day.Month;
                body["launchDay"] = day.Day;
            }
        }
    }

    /// <summary>The options a unit's add and set share: name, contacts, certificate.</summary>
    sealed class UnitFields
    {
        readonly Texts _texts;
        readonly Option<string?> _name;
        readonly Option<string[]> _contacts;
        readonly Option<FileInfo?> _certificate;

        public UnitFields(Texts texts, bool nameRequired)
        {
            _texts = texts;
            _name = new Option<string?>("--name") { Description = texts["unit.name"], Required = nameRequired };
            _contacts = new Option<string[]>("--contact") { Description = texts["unit.contact"], AllowMultipleArgumentsPerToken = false };
            _certificate = new Option<FileInfo?>("--certificate") { Description = texts["unit.certificateOption"] };
        }

        public void AddTo(Command command)
        {
            command.Options.Add(_name);
            command.Options.Add(_contacts);
            command.Options.Add(_certificate);
        }

        /// <summary>Puts the given options into the body; --contact replaces the whole list of contacts.</summary>
        public async Task ApplyAsync(ParseResult parseResult, JsonObject body, CancellationToken cancellationToken)
        {
            if (parseResult.GetValue(_name) is { } name)
            {
                body["name"] = name;
            }

            if (parseResult.GetValue(_contacts) is { Length: > 0 } contacts)
            {
                body["contacts"] = new JsonArray([.. contacts.Select(Contact)]);
            }

            if (parseResult.GetValue(_certificate) is { } file)
            {
                body["certificatePem"] = Certificate(await ApiCommandOptions.ReadFileAsync(file, _texts, cancellationToken), file);
            }
        }

        /// <summary>"Name|Role|email", as a contact reads on a business card.</summary>
        JsonNode Contact(string value)
        {
            var parts = value.Split('|', StringSplitOptions.TrimEntries);
            if (parts.Length != 3 || parts.Any(p => p.Length == 0))
            {
                throw new InvalidOperationException(_texts.Format("unit.badContact", value));
            }

            return new JsonObject { ["name"] = parts[0], ["email"] = parts[2], ["role"] = parts[1] };
        }

        /// <summary>
        /// A PEM file as it is, a DER one (.cer/.crt as bytes) in base64; the API reads and checks either. A private
        /// key never leaves this machine: a file holding one is refused here, before anything is sent.
        /// </summary>
        string Certificate(byte[] bytes, FileInfo file)
        {
            var extension = Path.GetExtension(file.Name).ToUpperInvariant();
            var text = Encoding.UTF8.GetString(bytes);
            if (extension is ".PFX" or ".P12" || text.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(_texts.Format("unit.privateKey", file.FullName));
            }

            return text.Contains("-----BEGIN", StringComparison.Ordinal) ? text : Convert.ToBase64String(bytes);
        }
    }
}

/// <summary>One <c>--rule path=value</c>: a rule of the bloc by its JSON path (<c>voting.thresholdPercent=70</c>).</summary>
internal sealed record RuleEdit(IReadOnlyList<string> Path, JsonNode? Value)
{
    /// <summary>The value is read as JSON (a number, true, an object) when it is JSON, else as text (<c>leaderElection=vote</c>).</summary>
    public static RuleEdit Parse(string text, Texts texts)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var path = equals > 0 ? text[..equals].Trim().Split('.') : [];
        if (path.Length == 0 || path.Any(p => p.Length == 0))
        {
            throw new InvalidOperationException(texts.Format("bloc.badRule", text));
        }

        var raw = text[(equals + 1)..].Trim();
        JsonNode? value;
        try
        {
            value = JsonNode.Parse(raw);
        }
        catch (JsonException)
        {
            value = JsonValue.Create(raw);
        }

        return new RuleEdit(path, value);
    }

    /// <summary>
    /// Sets the value in the rules; a path the rules do not have is sent as given, and the API, which knows every rule,
    /// refuses it naming the path.
    /// </summary>
    public void ApplyTo(JsonObject rules)
    {
        var node = rules;
        foreach (var step in Path.Take(Path.Count - 1))
        {
            node = node[step] as JsonObject ?? (JsonObject)(node[step] = new JsonObject());
        }

        node[Path[^1]] = Value?.DeepClone();
    }

    /// <summary>Every rule as <c>path = value</c>, the form <c>--rule</c> takes (text without quotes, as it is typed there).</summary>
    public static IEnumerable<(string Path, string Value)> Flatten(JsonNode? node, string prefix) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Flatten(p.Value, prefix.Length == 0 ? p.Key : prefix + "." + p.Key)),
        _ => [(prefix, Text(node))],
    };

    /// <summary>A value as <c>--rule</c> takes it: text without quotes, anything else as JSON.</summary>
    public static string Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node?.ToJsonString(Readable) ?? "null";

    static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
