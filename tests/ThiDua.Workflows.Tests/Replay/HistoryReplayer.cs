using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.TestKit.Histories;
using ThiDua.Workflows.Tests.Infrastructure;

namespace ThiDua.Workflows.Tests.Replay;

/// <summary>
/// Replays recorded histories through orchestrator code as a worker does after a deployment: episode by episode,
/// DurableTask.Core's executor runs the orchestrator over the history so far plus what woke it then (an activity's
/// result, a timer, an event, a child's completion), and the steps the code takes now (activities, timers,
/// children, completion) must be those the history recorded next, in the same order.
/// </summary>
public sealed class HistoryReplayer : IDisposable
{
    // A timer moved by less than this is the storage's rounding of instants, not a change of behaviour.
    private static readonly TimeSpan TimerTolerance = TimeSpan.FromSeconds(1);

    private readonly ServiceProvider _services;
    private readonly IDurableTaskFactory _tasks;
    private readonly DurableTaskShimFactory _shims = new();

    public HistoryReplayer(Action<DurableTaskRegistry> registry)
    {
        (_services, _tasks) = WorkerTasks.Build(new ServiceCollection().AddLogging(), registry);
    }

    /// <summary>The first step where the code differs from <paramref name="instance"/>'s history; null when it replays it exactly.</summary>
    public Divergence? Replay(RecordedInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var past = new List<HistoryEvent>();
        var stepNumber = 0;
        foreach (var episode in Episodes(instance.Events.Select(e => ToCore(e, instance.InstanceId))))
        {
            var incoming = episode.Where(e => !IsStep(e) && e is not OrchestratorCompletedEvent).ToList();
            var recorded = episode.Where(IsStep).Select(Step.Of).ToList();
            var now = Run(instance, past, incoming);
            var wokenBy = string.Join(", ", incoming.Where(e => e is not OrchestratorStartedEvent).Select(Describe));
            for (var i = 0; i < Math.Max(recorded.Count, now.Count); i++)
            {
                stepNumber++;
                var expected = i < recorded.Count ? recorded[i] : null;
                var actual = i < now.Count ? now[i] : null;
                if (expected is null || actual is null || !expected.Matches(actual))
                {
                    return new Divergence(instance.InstanceId, instance.Name, stepNumber, wokenBy,
                        expected?.Text ?? "nothing more", actual?.Text ?? "nothing more (a step is missing)");
                }
            }

            past.AddRange(episode);
        }

        return null;
    }

    public void Dispose() => _services.Dispose();

    private List<Step> Run(RecordedInstance instance, List<HistoryEvent> past, List<HistoryEvent> incoming)
    {
        if (!_tasks.TryCreateOrchestrator(instance.Name, _services, out var orchestrator))
        {
            return [new Step("missing", $"no orchestrator named {instance.Name}", null)];
        }

        var state = new OrchestrationRuntimeState(past.ToList());
        foreach (var e in incoming)
        {
            state.AddEvent(e);
        }

        try
        {
            var result = new TaskOrchestrationExecutor(
                state, _shims.CreateOrchestration(instance.Name, orchestrator!, parent: null), BehaviorOnContinueAsNew.Carryover, ErrorPropagationMode.UseFailureDetails).Execute();
            return result.Actions.Select(Step.Of).ToList();
        }
        catch (Exception e) when (e is NonDeterministicOrchestrationException or OrchestrationFailureException)
        {
            return [new Step("failure", "a failure: " + e.Message, null)];
        }
    }

    /// <summary>The history cut into episodes: each runs from an OrchestratorStarted to its OrchestratorCompleted.</summary>
    private static IEnumerable<List<HistoryEvent>> Episodes(IEnumerable<HistoryEvent> events)
    {
        var episode = new List<HistoryEvent>();
        foreach (var e in events)
        {
            if (e is OrchestratorStartedEvent && episode.Count > 0)
            {
                yield return episode;
                episode = [];
            }

            episode.Add(e);
        }

        if (episode.Count > 0)
        {
            yield return episode;
        }
    }

    /// <summary>What the orchestrator decided in an episode, as opposed to what woke it.</summary>
    private static bool IsStep(HistoryEvent e) =>
        e is TaskScheduledEvent or TimerCreatedEvent or SubOrchestrationInstanceCreatedEvent or ExecutionCompletedEvent or EventSentEvent;

    private static string Describe(HistoryEvent e) => e switch
    {
        ExecutionStartedEvent => "the start",
        TaskCompletedEvent c => $"the result of step {c.TaskScheduledId + 1}",
        TaskFailedEvent f => $"the failure of step {f.TaskScheduledId + 1}",
        TimerFiredEvent t => $"the timer of step {t.TimerId + 1}",
        EventRaisedEvent r => $"event {r.Name}",
        SubOrchestrationInstanceCompletedEvent c => $"the completion of the child of step {c.TaskScheduledId + 1}",
        SubOrchestrationInstanceFailedEvent f => $"the failure of the child of step {f.TaskScheduledId + 1}",
        _ => e.EventType.ToString(),
    };

    private static HistoryEvent ToCore(RecordedEvent e, string instanceId)
    {
        HistoryEvent core = e.Type switch
        {
            "OrchestratorStarted" => new OrchestratorStartedEvent(e.EventId),
            "OrchestratorCompleted" => new OrchestratorCompletedEvent(e.EventId),
            "ExecutionStarted" => new ExecutionStartedEvent(e.EventId, e.Input)
            {
                Name = e.Name,
                Version = e.Version,
                // The instance id as recorded: children's default ids are derived from it.
                OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = "replay" },
            },
            "ExecutionCompleted" => new ExecutionCompletedEvent(e.EventId, e.Result, Enum.Parse<OrchestrationStatus>(e.OrchestrationStatus ?? nameof(OrchestrationStatus.Completed))),
            "TaskScheduled" => new TaskScheduledEvent(e.EventId, e.Name ?? throw new InvalidDataException("A recorded activity lacks its name."), e.Version, e.Input),
            "TaskCompleted" => new TaskCompletedEvent(e.EventId, Id(e.TaskScheduledId), e.Result),
            "TaskFailed" => new TaskFailedEvent(e.EventId, Id(e.TaskScheduledId), e.Reason, e.Details, Failure(e)),
            "TimerCreated" => new TimerCreatedEvent(e.EventId, At(e.FireAt)),
            "TimerFired" => new TimerFiredEvent(e.EventId, At(e.FireAt)) { TimerId = Id(e.TimerId) },
            "EventRaised" => new EventRaisedEvent(e.EventId, e.Input) { Name = e.Name },
            "EventSent" => new EventSentEvent(e.EventId) { Name = e.Name, InstanceId = e.InstanceId, Input = e.Input },
            "SubOrchestrationInstanceCreated" => new SubOrchestrationInstanceCreatedEvent(e.EventId)
            {
                Name = e.Name,
                Version = e.Version,
                InstanceId = e.InstanceId,
                Input = e.Input,
            },
            "SubOrchestrationInstanceCompleted" => new SubOrchestrationInstanceCompletedEvent(e.EventId, Id(e.TaskScheduledId), e.Result),
            "SubOrchestrationInstanceFailed" => new SubOrchestrationInstanceFailedEvent(e.EventId, Id(e.TaskScheduledId), e.Reason, e.Details, Failure(e)),
            "ExecutionSuspended" => new ExecutionSuspendedEvent(e.EventId, e.Reason),
            "ExecutionResumed" => new ExecutionResumedEvent(e.EventId, e.Reason),
            "ExecutionTerminated" => new ExecutionTerminatedEvent(e.EventId, e.Input),
            _ => throw new NotSupportedException($"A recorded {e.Type} event is not replayed."),
        };
        core.Timestamp = e.Timestamp;
        return core;
    }

    private static int Id(int? id) => id ?? throw new InvalidDataException("A recorded event lacks the id of the step it answers.");

    private static DateTime At(DateTime? instant) => instant ?? throw new InvalidDataException("A recorded timer lacks its instant.");

    private static FailureDetails Failure(RecordedEvent e) =>
        new(e.FailureType ?? "Exception", e.FailureMessage ?? e.Reason ?? "", stackTrace: null, innerFailure: null, isNonRetriable: false);

    /// <summary>One step an orchestrator takes, as the history recorded it or as the code takes it now.</summary>
    private sealed record Step(string Kind, string Text, DateTime? FireAt)
    {
        public static Step Of(HistoryEvent e) => e switch
        {
            TaskScheduledEvent t => Activity(t.Name),
            TimerCreatedEvent t => Timer(t.FireAt),
            SubOrchestrationInstanceCreatedEvent c => Child(c.Name, c.InstanceId),
            ExecutionCompletedEvent c => Completion(c.OrchestrationStatus, c.FailureDetails),
            EventSentEvent s => new Step("event", $"event {s.Name} to {s.InstanceId}", null),
            _ => throw new NotSupportedException(e.EventType.ToString()),
        };

        public static Step Of(OrchestratorAction a) => a switch
        {
            ScheduleTaskOrchestratorAction t => Activity(t.Name),
            CreateTimerOrchestratorAction t => Timer(t.FireAt),
            CreateSubOrchestrationAction c => Child(c.Name, c.InstanceId),
            OrchestrationCompleteOrchestratorAction c => Completion(c.OrchestrationStatus, c.FailureDetails),
            SendEventOrchestratorAction s => new Step("event", $"event {s.EventName} to {s.Instance?.InstanceId}", null),
            _ => new Step(a.OrchestratorActionType.ToString(), a.OrchestratorActionType.ToString(), null),
        };

        public bool Matches(Step other) =>
            Kind == other.Kind && (FireAt is { } at && other.FireAt is { } otherAt
                ? (at - otherAt).Duration() < TimerTolerance
                : Text == other.Text);

        private static Step Activity(string? name) => new("activity", $"activity {name}", null);

        private static Step Timer(DateTime fireAt) =>
            new("timer", string.Create(CultureInfo.InvariantCulture, $"a timer until {fireAt:yyyy-MM-dd HH:mm:ss.fff} UTC"), DateTime.SpecifyKind(fireAt, DateTimeKind.Utc));

        private static Step Child(string? name, string? instanceId) => new("child", $"child workflow {name} ({instanceId})", null);

        private static Step Completion(OrchestrationStatus status, FailureDetails? failure) =>
            new("completion", failure is null ? $"completion ({status})" : $"completion ({status}: {failure.ErrorMessage})", null);
    }
}

/// <summary>
/// Where replaying a recorded instance went another way: at step <paramref name="Step"/> of its history (counting
/// activities, timers, children and completion), woken by <paramref name="WokenBy"/>.
/// </summary>
public sealed record Divergence(string InstanceId, string Orchestrator, int Step, string WokenBy, string Recorded, string Now)
{
    public override string ToString() =>
        $"{Orchestrator} ({InstanceId}) is not deterministic over its recorded history: at step {Step}"
        + (WokenBy.Length > 0 ? $", after {WokenBy}," : ",")
        + $" the history recorded {Recorded}, today's code takes {Now}. Put the change behind a version check (README, \"Upgrading a running province\").";
}
