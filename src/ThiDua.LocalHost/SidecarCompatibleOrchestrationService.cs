using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;

namespace ThiDua.LocalHost;

/// <summary>
/// Sits between the gRPC sidecar (TaskHubGrpcServer) and the Azure Storage provider and
/// normalises what the sidecar hands over for sub-orchestrations:
/// the sidecar records the creation of a sub-orchestration with its own history event
/// subclass, which has no [DataContract], so the provider writes a history row without an
/// EventType and the parent can never be replayed; and it passes the child's tags on as a
/// protobuf MapField, which the provider cannot read back from the queue message.
/// Both are replaced by the plain DurableTask.Core types before anything is stored.
/// Everything else is passed through unchanged.
/// </summary>
internal sealed class SidecarCompatibleOrchestrationService(IOrchestrationService inner)
    : IOrchestrationService, IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    private readonly IOrchestrationServiceClient _client = (IOrchestrationServiceClient)inner;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the sidecar has stopped the provider (it does so without awaiting).</summary>
    public Task Stopped => _stopped.Task;

    public bool Started { get; private set; }

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public async Task StartAsync()
    {
        await inner.StartAsync();
        Started = true;
    }

    public Task StopAsync() => StopAsync(isForced: false);

    public async Task StopAsync(bool isForced)
    {
        try
        {
            await inner.StopAsync(isForced);
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState)
        => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
        DropRepeatedStarts(workItem);
        return workItem;
    }

    /// <summary>
    /// A parent killed after sending a child's start message and before recording it sends the start again when
    /// it replays, so the child can receive two. DurableTask.Core's own dispatcher ignores a start for an instance
    /// that has one; the sidecar's adds both ("Multiple ExecutionStartedEvent found") and fails the child's every
    /// attempt, so the year never ended. The first start stands; the provider still deletes every message it handed over.
    /// </summary>
    internal static void DropRepeatedStarts(TaskOrchestrationWorkItem? workItem)
    {
        if (workItem?.NewMessages is not { Count: > 0 } messages)
        {
            return;
        }

        var started = workItem.OrchestrationRuntimeState?.ExecutionStartedEvent is not null;
        var kept = new List<TaskMessage>(messages.Count);
        foreach (var message in messages)
        {
            if (message.Event is ExecutionStartedEvent)
            {
                if (started)
                {
                    continue;
                }

                started = true;
            }

            kept.Add(message);
        }

        if (kept.Count != messages.Count)
        {
            workItem.NewMessages = kept;
        }
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        NormalizeHistory(newOrchestrationRuntimeState);
        if (!ReferenceEquals(workItem.OrchestrationRuntimeState, newOrchestrationRuntimeState))
        {
            NormalizeHistory(workItem.OrchestrationRuntimeState);
        }

        NormalizeMessages(outboundMessages);
        NormalizeMessages(orchestratorMessages);
        NormalizeMessages(timerMessages);
        NormalizeMessage(continuedAsNewMessage);
        if (orchestrationState?.Tags is { } tags && tags.GetType() != typeof(Dictionary<string, string>))
        {
            orchestrationState.Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        }

        return inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
        => inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
        => inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage)
    {
        NormalizeMessage(creationMessage);
        return _client.CreateTaskOrchestrationAsync(creationMessage);
    }

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        NormalizeMessage(creationMessage);
        return _client.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses);
    }

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message)
    {
        NormalizeMessage(message);
        return _client.SendTaskOrchestrationMessageAsync(message);
    }

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        NormalizeMessages(messages);
        return _client.SendTaskOrchestrationMessageBatchAsync(messages);
    }

    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
        => _client.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => _client.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        var states = await _client.GetOrchestrationStateAsync(instanceId, allExecutions);
        foreach (var state in states)
        {
            NormalizeState(state);
        }

        return states;
    }

    public async Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId)
    {
        var state = await _client.GetOrchestrationStateAsync(instanceId, executionId);
        NormalizeState(state);
        return state;
    }

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => _client.GetOrchestrationHistoryAsync(instanceId, executionId);

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
        => _client.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);

    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
        => ((IOrchestrationServiceQueryClient)inner).GetOrchestrationWithQueryAsync(query, cancellationToken);

    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) => ((IOrchestrationServicePurgeClient)inner).PurgeInstanceStateAsync(instanceId);

    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
        => ((IOrchestrationServicePurgeClient)inner).PurgeInstanceStateAsync(purgeInstanceFilter);

    /// <summary>
    /// The provider can return an instance without a name, or with times of no kind (an instance still pending,
    /// seen right after a host killed mid-checkpoint was restarted, while a start message delivered twice was
    /// being sorted out). The sidecar's protobuf mapping throws on a null name and on a time that is not UTC, which
    /// turned a status read into an error; an empty name and the same times marked UTC read fine.
    /// </summary>
    internal static void NormalizeState(OrchestrationState? state)
    {
        if (state is null)
        {
            return;
        }

        state.Name ??= "";
        state.CreatedTime = Utc(state.CreatedTime);
        state.LastUpdatedTime = Utc(state.LastUpdatedTime);
        state.CompletedTime = Utc(state.CompletedTime);
        if (state.ScheduledStartTime is { } scheduled)
        {
            state.ScheduledStartTime = Utc(scheduled);
        }
    }

    private static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    /// <summary>Replaces sidecar-specific history events with the serializable DurableTask.Core ones, in place.</summary>

    internal static void NormalizeHistory(OrchestrationRuntimeState? state)
    {
        if (state is null)
        {
            return;
        }

        ReplaceSubOrchestrationCreated(state.Events);
        ReplaceSubOrchestrationCreated(state.NewEvents);
        ReplaceSubOrchestrationCreated(state.PastEvents);
        if (state.ExecutionStartedEvent is { } started)
        {
            started.Tags = PlainTags(started.Tags);
        }
    }

    internal static void NormalizeMessage(TaskMessage? message)
    {
        switch (message?.Event)
        {
            case ExecutionStartedEvent started:
                started.Tags = PlainTags(started.Tags);
                break;
            case TaskScheduledEvent scheduled:
                scheduled.Tags = PlainTags(scheduled.Tags);
                break;
            case SubOrchestrationInstanceCreatedEvent created:
                created.Tags = PlainTags(created.Tags);
                break;
        }
    }

    static void NormalizeMessages(IEnumerable<TaskMessage>? messages)
    {
        if (messages is null)
        {
            return;
        }

        foreach (var message in messages)
        {
            NormalizeMessage(message);
        }
    }

    static void ReplaceSubOrchestrationCreated(IList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    ClientSpanId = created.ClientSpanId,
                    Tags = PlainTags(created.Tags),
                };
            }
        }
    }

    static IDictionary<string, string>? PlainTags(IDictionary<string, string>? tags) =>
        tags is null || tags.GetType() == typeof(Dictionary<string, string>)
            ? tags
            : new Dictionary<string, string>(tags, StringComparer.Ordinal);
}
