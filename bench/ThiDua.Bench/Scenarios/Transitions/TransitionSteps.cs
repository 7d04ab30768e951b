using ThiDua.TestKit.Histories;

namespace ThiDua.Bench.Scenarios.Transitions;

/// <summary>
/// Counts, in a year's recorded history (the cycle and its children, <see cref="HistoryRecorder.ReadAsync"/>), the
/// orchestration episodes a deadline sets off: the episode in which the deadline's timer fired and took a step, then
/// every episode that step caused in turn (an activity's result, a child's start, a child's end reaching its parent),
/// until every instance waits again on a timer or an event. Episodes woken by people (events raised by the API) are
/// not in the chain; one that a step and an event woke together is counted, and the chain ends there, as it does at the
/// episode in which an instance creates a timer (every wait is bounded by one).
/// </summary>
internal static class TransitionSteps
{
    /// <summary>
    /// The episodes of the chain the first timer of <paramref name="instanceId"/> firing at or after
    /// <paramref name="notBefore"/> started; null when no such timer fired (the phase ended otherwise).
    /// </summary>
    public static int? Count(IReadOnlyList<RecordedInstance> year, string instanceId, DateTimeOffset notBefore) =>
        Chain(year, instanceId, notBefore)?.Count;

    /// <summary>The chain <see cref="Count"/> counts, each episode as its instance, its number and what woke it.</summary>
    public static IReadOnlyList<string>? Chain(IReadOnlyList<RecordedInstance> year, string instanceId, DateTimeOffset notBefore)
    {
        var episodes = year.ToDictionary(i => i.InstanceId, i => Split(i.InstanceId, i.Events), StringComparer.Ordinal);
        var parents = new Dictionary<string, (string Parent, int EventId)>(StringComparer.Ordinal);
        foreach (var instance in year)
        {
            foreach (var created in instance.Events.Where(e => e.Type == "SubOrchestrationInstanceCreated" && e.InstanceId is not null))
            {
                parents[created.InstanceId!] = (instance.InstanceId, created.EventId);
            }
        }

        // A timer a wait cancelled still fires (and wakes the instance for nothing): the deadline is the one that took a step.
        var from = notBefore.UtcDateTime - TimeSpan.FromSeconds(1);
        if (!episodes.TryGetValue(instanceId, out var own)
            || own.FirstOrDefault(ep => ep.Events.Any(e => e.Type == "TimerFired" && e.FireAt >= from) && ep.Events.Any(IsStep)) is not { } trigger)
        {
            return null;
        }

        var seen = new HashSet<Episode>();
        var pending = new Queue<Episode>([trigger]);
        while (pending.TryDequeue(out var episode))
        {
            if (!seen.Add(episode))
            {
                continue;
            }

            // An instance that creates a timer waits again (every wait is bounded by one): what it does in the same
            // episode answers events that were already there (a ballot, the leader closing the review), the people's
            // doing. So does what an episode an event also woke does. Such an episode counts, and the chain ends there.
            if (episode != trigger && episode.Events.Any(e => e.Type is "TimerCreated" or "EventRaised"))
            {
                continue;
            }

            foreach (var step in episode.Events.Where(IsStep))
            {
                var next = step.Type switch
                {
                    "TaskScheduled" => Answering(episodes[episode.InstanceId], e => e.Type is "TaskCompleted" or "TaskFailed" && e.TaskScheduledId == step.EventId),
                    "SubOrchestrationInstanceCreated" => step.InstanceId is { } child && episodes.TryGetValue(child, out var started) ? started.FirstOrDefault() : null,
                    _ => parents.TryGetValue(episode.InstanceId, out var parent)
                        ? Answering(episodes[parent.Parent], e => e.Type is "SubOrchestrationInstanceCompleted" or "SubOrchestrationInstanceFailed" && e.TaskScheduledId == parent.EventId)
                        : null,
                };
                if (next is not null)
                {
                    pending.Enqueue(next);
                }
            }
        }

        return seen.Select(ep => $"{ep.InstanceId}#{ep.Index}({string.Join("+", ep.Events.Where(e => !IsStep(e) && e.Type is not ("OrchestratorStarted" or "OrchestratorCompleted")).Select(e => e.Type + (e.Name is null ? "" : ":" + e.Name)))})").ToList();
    }

    /// <summary>Steps that make the engine run another episode: an activity, a child, an instance's end.</summary>
    static bool IsStep(RecordedEvent e) => e.Type is "TaskScheduled" or "SubOrchestrationInstanceCreated" or "ExecutionCompleted";

    static Episode? Answering(List<Episode> episodes, Func<RecordedEvent, bool> answers) =>
        episodes.FirstOrDefault(ep => ep.Events.Any(answers));

    static List<Episode> Split(string instanceId, IReadOnlyList<RecordedEvent> events)
    {
        var episodes = new List<Episode>();
        foreach (var e in events)
        {
            if (e.Type == "OrchestratorStarted" || episodes.Count == 0)
            {
                episodes.Add(new Episode(instanceId, episodes.Count, []));
            }

            episodes[^1].Events.Add(e);
        }

        return episodes;
    }

    sealed record Episode(string InstanceId, int Index, List<RecordedEvent> Events);
}
