using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ThiDua.Api.Endpoints;
using ThiDua.Cli.Client;
using ThiDua.Domain;

namespace ThiDua.Cli.Commands;

/// <summary>
/// Starting a bloc's year: <c>thidua cycle start</c> (council staff: the year's workflow waits for the launch; in a
/// bloc's first year it also appoints the leader and deputy) and <c>thidua launch</c> (the year's leader, or council
/// staff), which prints every deadline and
/// reminder of the year in Vietnam time; <c>--preview</c> prints them without launching.
/// </summary>
internal static class LaunchCommands
{
    public static Command Cycle(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var json = ApiCommandOptions.JsonOption(texts);
        var leader = new Option<string?>("--leader") { Description = texts["cycle.leader"] };
        var deputy = new Option<string?>("--deputy") { Description = texts["cycle.deputy"] };
        var start = new Command("start", texts["cycle.start"]) { api.Bloc, api.Year, leader, deputy, json };
        api.AddTo(start);
        start.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, year) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Year));
            var (leaderId, deputyId) = (parseResult.GetValue(leader), parseResult.GetValue(deputy));
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);

            // A bloc's first year: the council's decision appoints the leader (and deputy), who then launches the year.
            var body = leaderId is null && deputyId is null ? null : new JsonObject { ["leaderUnitId"] = leaderId, ["deputyUnitId"] = deputyId };
            var started = await session.Client.PostAsync<JsonNode>(ApiCommandOptions.BlocPath(bloc, "cycles/" + year.ToString(System.Globalization.CultureInfo.InvariantCulture)), body, cancellationToken);
            if (parseResult.GetValue(json))
            {
                ApiCommandOptions.WriteJson(started);
                return 0;
            }

            var value = started.Deserialize<CycleStarted>(ApiClient.ReadOptions)!;
            Console.WriteLine(value is { Created: true, LaunchDeadline: { } deadline }
                ? texts.Format("cycle.started", year, bloc, Time(texts, deadline))
                : texts.Format("cycle.running", year, bloc));
            if (leaderId is not null)
            {
                Console.WriteLine(texts.Format("cycle.appointed", leaderId, deputyId ?? "—"));
            }

            return 0;
        });
        return new Command("cycle", texts["cycle.description"]) { start };
    }

    public static Command Launch(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var criteria = new Option<FileInfo?>("--criteria") { Description = texts["launch.criteria"] };
        var commitments = new Option<string[]>("--commitment") { Description = texts["launch.commitment"], AllowMultipleArgumentsPerToken = false };
        var preview = new Option<bool>("--preview") { Description = texts["launch.preview"] };
        var leader = new Option<string?>("--leader") { Description = texts["launch.leader"] };
        var deputy = new Option<string?>("--deputy") { Description = texts["launch.deputy"] };
        var json = ApiCommandOptions.JsonOption(texts);
        var command = new Command("launch", texts["launch.description"]) { api.Bloc, api.Year, criteria, commitments, preview, leader, deputy, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, year) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Year));
            var file = parseResult.GetValue(criteria);
            var spreadsheet = file is null ? null : await ReadCriteriaFileAsync(file, texts, cancellationToken);
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var body = new JsonObject { ["commitments"] = new JsonArray([.. (parseResult.GetValue(commitments) ?? []).Select(c => JsonValue.Create(c))]) };

            // A file given here is checked by the API (nothing stored) and sent inline; without one the year's stored
            // draft is used (thidua criteria import / copy).
            if (spreadsheet is not null)
            {
                var checkedDraft = await CriteriaCommands.ImportAsync(session.Client, bloc, year, spreadsheet, dryRun: true, cancellationToken);
                body["criteria"] = checkedDraft["criteria"]?.DeepClone();
            }

            if (parseResult.GetValue(leader) is { } leaderId)
            {
                body["leaderUnitId"] = leaderId;
            }

            if (parseResult.GetValue(deputy) is { } deputyId)
            {
                body["deputyUnitId"] = deputyId;
            }

            var isPreview = parseResult.GetValue(preview);
            var answer = await session.Client.PostAsync<JsonNode>(ApiCommandOptions.CampaignPath(bloc, year, isPreview ? "launch/preview" : "launch"), body, cancellationToken);
            if (parseResult.GetValue(json))
            {
                ApiCommandOptions.WriteJson(answer);
                return 0;
            }

            if (isPreview)
            {
                var shown = answer.Deserialize<LaunchPreview>(ApiClient.ReadOptions)!;
                Console.WriteLine(texts.Format("launch.previewTitle", year, bloc));
                WriteLeadership(texts, shown.LeaderUnitId, shown.DeputyUnitId, shown.Members);
                WriteSchedule(texts, year, shown.Schedule, shown.Reminders);
                Console.WriteLine(texts.Format("launch.compact", shown.CompactSha256));
                Console.WriteLine(texts["launch.previewOnly"]);
                return 0;
            }

            var launched = answer.Deserialize<LaunchResponse>(ApiClient.ReadOptions)!;
            var rules = (await session.Client.GetAsync<JsonNode>(ApiCommandOptions.BlocPath(bloc), cancellationToken))["rules"];
            var offsets = rules?["reminderOffsets"].Deserialize<List<TimeSpan>>(ApiClient.ReadOptions) ?? new BlocRules().ReminderOffsets;
            Console.WriteLine(texts.Format("launch.done", year, bloc));
            WriteLeadership(texts, launched.LeaderUnitId, launched.DeputyUnitId, launched.Members);
            WriteSchedule(texts, year, launched.Schedule, launched.Schedule.Reminders(offsets).Select(r => r.At).ToList());
            Console.WriteLine(texts.Format("launch.compact", launched.CompactSha256));
            return 0;
        });
        return command;
    }

    static async Task<byte[]> ReadCriteriaFileAsync(FileInfo file, Texts texts, CancellationToken cancellationToken)
    {
        ApiCommandOptions.SpreadsheetMediaType(file, csvAllowed: false, texts);
        return await ApiCommandOptions.ReadFileAsync(file, texts, cancellationToken);
    }

    static void WriteLeadership(Texts texts, string leader, string? deputy, IReadOnlyList<CampaignMember> members)
    {
        string Name(string? id) => id is null ? "—" : members.FirstOrDefault(m => m.UnitId == id) is { } member ? $"{member.Name} ({id})" : id;
        Console.WriteLine(texts.Format("launch.leadership", Name(leader), Name(deputy)));
        Console.WriteLine(texts.Format("launch.members", members.Count, string.Join(", ", members.Select(m => m.Name))));
    }

    /// <summary>Every deadline of the year and every reminder, in time order, in Vietnam time.</summary>
    static void WriteSchedule(Texts texts, int year, CampaignSchedule schedule, IReadOnlyList<DateTimeOffset> reminders)
    {
        (DateTimeOffset At, string What)[] steps =
        [
            (schedule.LaunchAt, texts["schedule.launch"]),
            (schedule.SigningDeadline, texts["schedule.signing"]),
            .. reminders.Select(r => (r, texts["schedule.reminder"])),
            (schedule.ScoringDeadline, texts["schedule.scoring"]),
            (schedule.ReviewDeadline, texts["schedule.review"]),
            (schedule.VotingDeadline, texts["schedule.voting"]),
            (schedule.LeaderElectionDeadline, texts.Format("schedule.leaderElection", year + 1)),
            (schedule.ArchiveAt, texts["schedule.archive"]),
        ];
        Console.WriteLine(texts["schedule.title"]);
        foreach (var (at, what) in steps.OrderBy(s => s.At))
        {
            Console.WriteLine($"  {Time(texts, at)}  {what}");
        }
    }

    static string Time(Texts texts, DateTimeOffset at) => VietnamTime.Format(at, texts.English ? Localizer.English : null);
}
