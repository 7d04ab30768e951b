using DurableTask.Core;
using DurableTask.Core.History;
using Google.Protobuf.Collections;
using Microsoft.DurableTask.Testing.Sidecar.Dispatcher;
using ThiDua.LocalHost;

namespace ThiDua.Integration.Tests.Runtime;

/// <summary>
/// What the decorator hands the Azure Storage provider. The end-to-end proof is the probe test
/// on Azurite (it hangs without the decorator); these pin down the two conversions.
/// </summary>
public sealed class SidecarCompatibilityTests
{
    [Fact]
    public void Sidecar_sub_orchestration_event_becomes_the_core_event_with_every_field()
    {
        var state = new OrchestrationRuntimeState();
        state.AddEvent(new ExecutionStartedEvent(-1, "\"in\"") { Name = "Parent", OrchestrationInstance = new OrchestrationInstance { InstanceId = "p" } });
        var tags = new MapField<string, string> { ["bloc"] = "noi-chinh" };
        state.AddEvent(new GrpcSubOrchestrationInstanceCreatedEvent(3) { Name = "Child", Version = "1", InstanceId = "c", Input = "\"x\"", Tags = tags });

        SidecarCompatibleOrchestrationService.NormalizeHistory(state);

        foreach (var events in new[] { state.Events, state.NewEvents })
        {
            var created = Assert.Single(events.OfType<SubOrchestrationInstanceCreatedEvent>());
            Assert.Equal(typeof(SubOrchestrationInstanceCreatedEvent), created.GetType());
            Assert.Equal((3, "Child", "1", "c", "\"x\""), (created.EventId, created.Name, created.Version, created.InstanceId, created.Input));
            Assert.IsType<Dictionary<string, string>>(created.Tags);
            Assert.Equal("noi-chinh", created.Tags["bloc"]);
        }
    }

    [Fact]
    public void Protobuf_tags_on_a_start_message_become_a_plain_dictionary()
    {
        var message = new TaskMessage
        {
            Event = new ExecutionStartedEvent(-1, null) { Name = "Child", Tags = new MapField<string, string> { ["year"] = "2025" } },
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "c", ExecutionId = "e" },
        };

        SidecarCompatibleOrchestrationService.NormalizeMessage(message);

        var tags = Assert.IsType<Dictionary<string, string>>(((ExecutionStartedEvent)message.Event).Tags);
        Assert.Equal("2025", tags["year"]);
    }

    [Fact]
    public void An_instance_state_without_a_name_reads_with_an_empty_one()
    {
        var state = new OrchestrationState { OrchestrationInstance = new OrchestrationInstance { InstanceId = "i" }, OrchestrationStatus = OrchestrationStatus.Running };

        SidecarCompatibleOrchestrationService.NormalizeState(state);

        Assert.Equal("", state.Name);
        Assert.Equal(("i", OrchestrationStatus.Running), (state.OrchestrationInstance.InstanceId, state.OrchestrationStatus));
    }

    [Fact]
    public void A_pending_instance_with_times_of_no_kind_reads_with_utc_times_the_sidecar_can_send()
    {
        var created = new DateTime(2026, 12, 3, 8, 0, 0, DateTimeKind.Unspecified);
        var state = new OrchestrationState { Name = "ArchiveOrchestrator", OrchestrationStatus = OrchestrationStatus.Pending, CreatedTime = created, LastUpdatedTime = created };

        SidecarCompatibleOrchestrationService.NormalizeState(state);

        Assert.Equal((created.Ticks, DateTimeKind.Utc), (state.CreatedTime.Ticks, state.CreatedTime.Kind));
        Assert.Equal(DateTimeKind.Utc, state.CompletedTime.Kind);
        Assert.Equal(created.Ticks, Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(state.LastUpdatedTime).ToDateTime().Ticks);
    }

    [Fact]
    public void A_child_start_delivered_twice_starts_the_child_once_and_keeps_the_other_messages()
    {
        var first = Start("first");
        var raised = new TaskMessage { Event = new EventRaisedEvent(-1, "\"x\"") { Name = "ConferenceChanged" }, OrchestrationInstance = first.OrchestrationInstance };
        var workItem = new TaskOrchestrationWorkItem { InstanceId = "c", OrchestrationRuntimeState = new OrchestrationRuntimeState(), NewMessages = [first, Start("again"), raised] };

        SidecarCompatibleOrchestrationService.DropRepeatedStarts(workItem);

        Assert.Equal([first, raised], workItem.NewMessages);
        foreach (var message in workItem.NewMessages)
        {
            workItem.OrchestrationRuntimeState.AddEvent(message.Event);
        }

        Assert.Equal("\"first\"", workItem.OrchestrationRuntimeState.Input);
    }

    [Fact]
    public void A_start_for_a_child_that_has_started_is_dropped()
    {
        var state = new OrchestrationRuntimeState();
        state.AddEvent(Start("first").Event);
        var workItem = new TaskOrchestrationWorkItem { InstanceId = "c", OrchestrationRuntimeState = state, NewMessages = [Start("again")] };

        SidecarCompatibleOrchestrationService.DropRepeatedStarts(workItem);

        Assert.Empty(workItem.NewMessages);
    }

    private static TaskMessage Start(string input) => new()
    {
        Event = new ExecutionStartedEvent(-1, $"\"{input}\"") { Name = "ArchiveOrchestrator", OrchestrationInstance = new OrchestrationInstance { InstanceId = "c", ExecutionId = "e" } },
        OrchestrationInstance = new OrchestrationInstance { InstanceId = "c", ExecutionId = "e" },
    };
}
