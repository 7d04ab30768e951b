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
}
