using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace ThiDua.Workflows.Tests.Infrastructure;

/// <summary>
/// Runs the production orchestrators offline, on a virtual clock: DurableTask.Core's executor replays
/// each instance over its history as a worker does, and this class plays the backend, feeding back
/// activity results, fired timers, raised events and child completions for the actions the orchestrators
/// emit. Activities are those of the test's registry, run at once; timers fire when the test lets time
/// pass, by jumping the clock to the next one. A year runs in milliseconds, and a deadline is an
/// instant, not a race against a loaded machine.
/// </summary>
public sealed class OfflineOrchestration : IAsyncDisposable
{
    private static readonly JsonDataConverter Json = JsonDataConverter.Default;

    private readonly ServiceProvider _services;
    private readonly IDurableTaskFactory _tasks;
    private readonly DurableTaskShimFactory _shims = new();
    private readonly Dictionary<string, Instance> _instances = new(StringComparer.Ordinal);
    private readonly List<Timer> _timers = [];
    private readonly TestClock _clock;

    private OfflineOrchestration(ServiceProvider services, IDurableTaskFactory tasks, TestClock clock)
    {
        _services = services;
        _tasks = tasks;
        _clock = clock;
    }

    /// <summary>The virtual now: what the orchestrators see as current time, and what <see cref="TestClock"/> reads.</summary>
    public DateTimeOffset Now => _clock.Now;

    /// <summary>
    /// Orchestrators and activities as <paramref name="registry"/> registers them, activities resolved from
    /// <paramref name="configureServices"/> as on a worker; <paramref name="clock"/> is moved with virtual time.
    /// </summary>
    public static OfflineOrchestration Create(Action<DurableTaskRegistry> registry, TestClock clock, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock);
        configureServices?.Invoke(services);
        var (provider, tasks) = WorkerTasks.Build(services, registry);
        return new OfflineOrchestration(provider, tasks, clock);
    }

    /// <summary>Starts an instance under <paramref name="version"/>, this build's workflow version unless told, as a host's client does.</summary>
    public async Task<string> StartAsync(TaskName orchestrator, object? input, string? instanceId = null, string? version = null)
    {
        var instance = NewInstance(orchestrator, instanceId ?? Guid.NewGuid().ToString("n"), Json.Serialize(input), parent: null, version ?? WorkflowVersion.Current);
        await SettleAsync();
        return instance.Id;
    }

    public async Task RaiseEventAsync(string instanceId, string eventName, object? payload)
    {
        _instances[instanceId].Inbox.Add(new EventRaisedEvent(-1, Json.Serialize(payload)) { Name = eventName });
        await SettleAsync();
    }

    /// <summary>The instance's custom status, as a client reads it; null before it set one or when it does not exist.</summary>
    public T? Status<T>(string instanceId) =>
        _instances.TryGetValue(instanceId, out var instance) && instance.CustomStatus is { } status ? Json.Deserialize<T>(status) : default;

    /// <summary>
    /// Lets time pass, one timer at a time, until <paramref name="condition"/> holds once everything
    /// due has happened. Fails when no timer is left and it still does not hold.
    /// </summary>
    public Task RunUntilAsync(Func<bool> condition) => RunUntilAsync(() => Task.FromResult(condition()));

    /// <inheritdoc cref="RunUntilAsync(Func{bool})"/>
    public async Task RunUntilAsync(Func<Task<bool>> condition)
    {
        await SettleAsync();
        while (!await condition())
        {
            _timers.RemoveAll(t => t.Instance.Completed);
            Assert.True(_timers.Count > 0, "nothing is left to happen and the condition does not hold");
            var next = _timers.MinBy(t => t.FireAt)!;
            _timers.Remove(next);
            if (next.FireAt > _clock.Now)
            {
                _clock.Now = next.FireAt;
            }

            next.Instance.Inbox.Add(new TimerFiredEvent(-1, next.FireAt.UtcDateTime) { TimerId = next.TimerId });
            await SettleAsync();
        }
    }

    /// <summary>Lets time pass until the instance completes, asserts it completed without failure, and returns its output.</summary>
    public async Task<T> RunToCompletionAsync<T>(string instanceId)
    {
        var instance = _instances[instanceId];
        await RunUntilAsync(() => instance.Completed);
        Assert.True(instance.Status == OrchestrationStatus.Completed, instance.Failure?.ToString());
        return Json.Deserialize<T>(instance.Output)!;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private Instance NewInstance(TaskName name, string id, string? input, (Instance Instance, int TaskId)? parent, string? version)
    {
        Assert.False(_instances.ContainsKey(id), $"instance {id} already exists");
        var instance = new Instance(id, name, parent);
        instance.Inbox.Add(new ExecutionStartedEvent(-1, input)
        {
            Name = name.Name,
            Version = version,
            OrchestrationInstance = new OrchestrationInstance { InstanceId = id, ExecutionId = Guid.NewGuid().ToString("n") },
        });
        _instances[id] = instance;
        return instance;
    }

    /// <summary>Delivers every pending message, episode by episode, until no instance has anything to do at this instant.</summary>
    private async Task SettleAsync()
    {
        while (_instances.Values.FirstOrDefault(i => i.Inbox.Count > 0) is { } instance)
        {
            if (instance.Completed)
            {
                instance.Inbox.Clear();
                continue;
            }

            await RunEpisodeAsync(instance);
        }
    }

    /// <summary>One episode, as a worker runs it: replay the history, apply the new messages, carry out the actions.</summary>
    private async Task RunEpisodeAsync(Instance instance)
    {
        var fresh = new List<HistoryEvent> { new OrchestratorStartedEvent(-1) { Timestamp = _clock.Now.UtcDateTime } };
        fresh.AddRange(instance.Inbox);
        instance.Inbox.Clear();
        var state = new OrchestrationRuntimeState(instance.History.ToList());
        foreach (var message in fresh)
        {
            state.AddEvent(message);
        }

        Assert.True(_tasks.TryCreateOrchestrator(instance.Name, _services, out var orchestrator), $"no orchestrator {instance.Name}");
        var orchestration = _shims.CreateOrchestration(instance.Name, orchestrator!, parent: null);
        var result = new TaskOrchestrationExecutor(
            state, orchestration, BehaviorOnContinueAsNew.Carryover, ErrorPropagationMode.UseFailureDetails).Execute();
        instance.History.AddRange(fresh);
        instance.CustomStatus = result.CustomStatus;

        foreach (var action in result.Actions)
        {
            switch (action)
            {
                case ScheduleTaskOrchestratorAction task:
                    instance.History.Add(new TaskScheduledEvent(task.Id, task.Name!, task.Version, task.Input));
                    instance.Inbox.Add(await RunActivityAsync(instance, task));
                    break;
                case CreateTimerOrchestratorAction timer:
                    instance.History.Add(new TimerCreatedEvent(timer.Id, timer.FireAt));
                    _timers.Add(new Timer(instance, timer.Id, new DateTimeOffset(DateTime.SpecifyKind(timer.FireAt, DateTimeKind.Utc))));
                    break;
                case CreateSubOrchestrationAction child:
                    instance.History.Add(new SubOrchestrationInstanceCreatedEvent(child.Id)
                    {
                        Name = child.Name,
                        Version = child.Version,
                        InstanceId = child.InstanceId,
                        Input = child.Input,
                    });
                    NewInstance(child.Name!, child.InstanceId ?? Guid.NewGuid().ToString("n"), child.Input, (instance, child.Id), child.Version);
                    break;
                case OrchestrationCompleteOrchestratorAction complete:
                    instance.History.Add(new ExecutionCompletedEvent(complete.Id, complete.Result, complete.OrchestrationStatus, complete.FailureDetails));
                    Complete(instance, complete);
                    break;
                default:
                    throw new NotSupportedException($"{action.GetType().Name} is not played offline");
            }
        }

        instance.History.Add(new OrchestratorCompletedEvent(-1));
    }

    private async Task<HistoryEvent> RunActivityAsync(Instance instance, ScheduleTaskOrchestratorAction task)
    {
        TaskName name = task.Name!;
        Assert.True(_tasks.TryCreateActivity(name, _services, out var activity), $"no activity {name}");
        try
        {
            var output = await _shims.CreateActivity(name, activity!).RunAsync(
                new TaskContext(new OrchestrationInstance { InstanceId = instance.Id }), task.Input);
            return new TaskCompletedEvent(-1, task.Id, output);
        }
        catch (Exception e)
        {
            return new TaskFailedEvent(-1, task.Id, e.Message, details: null, new FailureDetails(e));
        }
    }

    private static void Complete(Instance instance, OrchestrationCompleteOrchestratorAction complete)
    {
        instance.Status = complete.OrchestrationStatus;
        instance.Output = complete.Result;
        instance.Failure = complete.FailureDetails;
        if (instance.Parent is { } parent)
        {
            parent.Instance.Inbox.Add(complete.OrchestrationStatus == OrchestrationStatus.Completed
                ? new SubOrchestrationInstanceCompletedEvent(-1, parent.TaskId, complete.Result)
                : new SubOrchestrationInstanceFailedEvent(-1, parent.TaskId, complete.Details, details: null, complete.FailureDetails));
        }
    }

    private sealed class Instance(string id, TaskName name, (Instance Instance, int TaskId)? parent)
    {
        public string Id { get; } = id;

        public TaskName Name { get; } = name;

        public (Instance Instance, int TaskId)? Parent { get; } = parent;

        public List<HistoryEvent> History { get; } = [];

        public List<HistoryEvent> Inbox { get; } = [];

        public string? CustomStatus { get; set; }

        public OrchestrationStatus? Status { get; set; }

        public string? Output { get; set; }

        public FailureDetails? Failure { get; set; }

        public bool Completed => Status is not null;
    }

    private sealed record Timer(Instance Instance, int TimerId, DateTimeOffset FireAt);
}
