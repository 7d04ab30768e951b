using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using ThiDua.Api.Endpoints;
using ThiDua.Api.Http;
using ThiDua.Cli.Client;
using ThiDua.Cli.Demo;
using ThiDua.Domain;
using ThiDua.Storage;

namespace ThiDua.Cli.Commands;

/// <summary>
/// <c>thidua conference open|attendance|round|close-round|close|show</c>: the chair (the year's leader or council
/// staff) runs the year-end conference through the API; <c>thidua nominate</c>: nominations for next year's leader
/// and deputy, and a unit declining its own.
/// </summary>
public static class ConferenceCommands
{
    private static readonly string[] Purposes = ["leading-unit", "leader", "deputy"];

    public static Command Conference(Texts texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return new Command("conference", texts["conference.description"])
        {
            Open(texts),
            Attendance(texts),
            Round(texts),
            CloseRound(texts),
            Close(texts),
            Show(texts),
        };
    }

    public static Command Nominate(Texts texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var api = new ApiCommandOptions(texts);
        var purpose = PurposeOption(texts, "leader", "deputy");
        var unit = new Option<string>("--unit") { Description = texts["nominate.unit"], Required = true };
        var decline = new Option<bool>("--decline") { Description = texts["nominate.decline"] };
        var command = new Command("nominate", texts["nominate.description"]) { api.Bloc, api.Year, purpose, unit, decline };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, year) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Year));
            var path = ApiCommandOptions.CampaignPath(bloc, year, $"nominations/{parseResult.GetValue(purpose)}/{Uri.EscapeDataString(parseResult.GetValue(unit)!)}");
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var declining = parseResult.GetValue(decline);
            var nomination = declining
                ? await session.Client.PostAsync<NominationView>(path + "/decline", null, cancellationToken)
                : await session.Client.PutAsync<NominationView>(path, null, cancellationToken);
            Console.WriteLine(texts.Format(declining ? "nominate.declined" : "nominate.done", nomination.Name, Office(texts, nomination.Purpose), year + 1));
            return 0;
        });
        return command;
    }

    private static Command Open(Texts texts) => ChairCommand(texts, "open", [], (session, bloc, year, _, cancellationToken) =>
        session.Client.PostAsync<ConferenceView>(ApiCommandOptions.CampaignPath(bloc, year, "conference/open"), null, cancellationToken));

    private static Command Attendance(Texts texts)
    {
        var present = new Option<string?>("--present") { Description = texts["conference.present"] };
        var represented = new Option<string?>("--represented") { Description = texts["conference.represented"] };
        var absent = new Option<string?>("--absent") { Description = texts["conference.absent"] };
        return ChairCommand(texts, "attendance", [present, represented, absent], (session, bloc, year, parseResult, cancellationToken) =>
        {
            var entries = new List<AttendanceEntry>();
            foreach (var (option, attendance) in new[] { (present, Domain.Attendance.Present), (represented, Domain.Attendance.Represented), (absent, Domain.Attendance.Absent) })
            {
                foreach (var unitId in (parseResult.GetValue(option) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (entries.Any(e => e.UnitId == unitId))
                    {
                        throw new InvalidOperationException(texts.Format("conference.twice", unitId));
                    }

                    entries.Add(new AttendanceEntry(unitId, attendance));
                }
            }

            if (entries.Count == 0)
            {
                throw new InvalidOperationException(texts["conference.needAttendance"]);
            }

            return session.Client.PutAsync<ConferenceView>(
                ApiCommandOptions.CampaignPath(bloc, year, "conference/attendance"), new AttendanceRequest { Attendance = entries }, cancellationToken);
        });
    }

    private static Command Round(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var purpose = PurposeOption(texts, Purposes);
        var command = new Command("round", texts["conference.round"]) { api.Bloc, api.Year, purpose };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, year) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Year));
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var act = await session.Client.PostAsync<ChairAct>(
                ApiCommandOptions.CampaignPath(bloc, year, "conference/rounds"), new RoundOpeningRequest { Purpose = parseResult.GetValue(purpose)! }, cancellationToken);
            Console.WriteLine(texts.Format("conference.roundOpening", act.Round, Vote(texts, act.Purpose)));
            return 0;
        });
        return command;
    }

    private static Command CloseRound(Texts texts)
    {
        var api = new ApiCommandOptions(texts);
        var purpose = PurposeOption(texts, Purposes);
        var round = new Option<int>("--round") { Description = texts["conference.roundNumber"], Required = true };
        var command = new Command("close-round", texts["conference.closeRound"]) { api.Bloc, api.Year, purpose, round };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, year) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Year));
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var act = await session.Client.PostAsync<ChairAct>(
                ApiCommandOptions.CampaignPath(bloc, year, string.Create(CultureInfo.InvariantCulture, $"votes/{parseResult.GetValue(purpose)}/rounds/{parseResult.GetValue(round)}/close")),
                null,
                cancellationToken);
            Console.WriteLine(texts.Format("conference.roundClosing", act.Round, Vote(texts, act.Purpose)));
            return 0;
        });
        return command;
    }

    private static Command Close(Texts texts) => ChairCommand(texts, "close", [], (session, bloc, year, _, cancellationToken) =>
        session.Client.PostAsync<ConferenceView>(ApiCommandOptions.CampaignPath(bloc, year, "conference/close"), null, cancellationToken));

    private static Command Show(Texts texts) => ApiCommandOptions.YearRead<ConferenceView>(
        texts,
        "show",
        (bloc, year) => ApiCommandOptions.CampaignPath(bloc, year, "conference"),
        (view, _, _) => Write(texts, view),
        descriptionKey: "conference.show");

    /// <summary>A chair's act that answers with the conference, printed as <c>show</c> prints it (or as JSON).</summary>
    private static Command ChairCommand(
        Texts texts, string name, Option[] options, Func<ApiSession, string, int, ParseResult, CancellationToken, Task<ConferenceView>> act)
    {
        var api = new ApiCommandOptions(texts);
        var json = new Option<bool>("--json") { Description = texts["json.description"] };
        var command = new Command(name, texts["conference." + name]) { api.Bloc, api.Year, json };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (bloc, year) = (parseResult.GetValue(api.Bloc)!, parseResult.GetValue(api.Year));
            await using var session = await api.OpenAsync(parseResult, texts, cancellationToken);
            var view = await act(session, bloc, year, parseResult, cancellationToken);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(view, ApiJson.Options));
            }
            else
            {
                Write(texts, view);
            }

            return 0;
        });
        return command;
    }

    private static Option<string> PurposeOption(Texts texts, params string[] allowed)
    {
        var purpose = new Option<string>("--purpose") { Description = texts.Format("conference.purpose", string.Join(", ", allowed)), Required = true };
        purpose.AcceptOnlyFromAmong(allowed);
        return purpose;
    }

    /// <summary>
    /// The conference as the room sees it: attendance, quorum, the open round's count, closed rounds' results,
    /// nominations. Sentences are plain lines (a redirected console would wrap them at 80 columns); lists are tables.
    /// </summary>
    public static void Write(Texts texts, ConferenceView view)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(view);
        var names = view.Attendance.ToDictionary(a => a.UnitId, a => a.Name, StringComparer.Ordinal);
        string Name(string unitId) => names.GetValueOrDefault(unitId, unitId);

        var state = view switch
        {
            { Closed: true, ClosedAt: { } at } => texts.Format(view.ClosedByBound ? "conference.closedByBound" : "conference.closed", DemoText.Time(at)),
            { Opened: true, OpenedAt: { } at } => texts.Format("conference.opened", DemoText.Time(at)),
            _ => texts["conference.notOpened"],
        };
        Console.WriteLine(texts.Format("conference.title", view.BlocName, view.Year) + " · " + state);

        var attendance = new Table().AddColumn(texts["demo.unit"]).AddColumn(texts["conference.attendance.column"]);
        foreach (var entry in view.Attendance)
        {
            attendance.AddRow(Markup.Escape(entry.Name), Markup.Escape(texts["attendance." + entry.Attendance]));
        }

        AnsiConsole.Write(attendance);
        Console.WriteLine(texts.Format(
            "conference.quorum", view.PresentCount, view.Members, view.QuorumNeeded, texts[view.Quorum ? "conference.quorumMet" : "conference.quorumNotMet"]));

        if (view.OpenRound is { } open)
        {
            Console.WriteLine(texts.Format(
                "conference.openRound", open.Round, Vote(texts, open.Purpose), string.Join(", ", open.Candidates.Select(c => c.Name))));
            Console.WriteLine(texts.Format("conference.received", open.BallotsReceived, open.Eligible, DemoText.Time(open.ClosesAt)));
        }
        else if (view.NextPurpose is { } next && !view.Closed)
        {
            Console.WriteLine(texts.Format("conference.next", view.NextRound, Vote(texts, next)));
        }

        foreach (var round in view.ClosedRounds)
        {
            WriteResult(texts, round, Name);
        }

        foreach (var group in view.Nominations.GroupBy(n => n.Purpose))
        {
            Console.WriteLine(texts.Format(
                "conference.nominations",
                Office(texts, group.Key),
                view.Year + 1,
                string.Join(", ", group.Select(n => n.Declined ? texts.Format("conference.declinedNominee", n.Name) : n.Name))));
        }
    }

    /// <summary>
    /// A closed round: ballots cast of the units entitled in the room (as the live count showed them), votes and
    /// percentage per candidate (on the base the threshold counts), and its outcome.
    /// </summary>
    private static void WriteResult(Texts texts, ConferenceRoundView round, Func<string, string> name)
    {
        var tally = round.Tally!;
        var percentBase = tally.ThresholdBase > 0 ? tally.ThresholdBase : tally.BallotsCast;
        Console.WriteLine(texts.Format("conference.result", round.Round, Vote(texts, round.Purpose), tally.BallotsCast, round.Eligible));
        var table = new Table()
            .AddColumn(texts["conference.candidate"])
            .AddColumn(new TableColumn(texts["conference.votes"]).RightAligned())
            .AddColumn(new TableColumn(texts["conference.percent"]).RightAligned());
        foreach (var count in tally.Counts)
        {
            table.AddRow(Markup.Escape(name(count.CandidateId)), count.Votes.ToString(CultureInfo.InvariantCulture), Percent(texts, count.Votes, percentBase));
        }

        AnsiConsole.Write(table);
        var outcome = tally.Outcome == TallyOutcome.Winner && tally.WinnerId is { } winner
            ? texts.Format("conference.winner", name(winner))
            : texts["outcome." + tally.Outcome];
        if (tally.Next == NextStep.Runoff)
        {
            outcome += " " + texts.Format("conference.runoff", string.Join(", ", tally.RunoffCandidates.Select(name)));
        }

        Console.WriteLine(outcome);
    }

    // Vietnamese writes a decimal comma (66,7%), as the minutes do.
    private static string Percent(Texts texts, int votes, int total)
    {
        var value = total == 0 ? 0m : Math.Round(votes * 100m / total, 1, MidpointRounding.AwayFromZero);
        var text = value.ToString("0.#", CultureInfo.InvariantCulture) + "%";
        return texts.English ? text : text.Replace('.', ',');
    }

    private static string Vote(Texts texts, VotePurpose purpose) => texts["vote." + purpose];

    private static string Office(Texts texts, VotePurpose purpose) => texts["office." + purpose];
}
