using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using ThiDua.Api;
using ThiDua.Functions.Diagnostics;
using ThiDua.Workflows;

namespace ThiDua.Functions.Tests;

/// <summary>
/// The Functions host indexes the app from the functions.metadata the SDK generates at build time;
/// a function missing there, or with another trigger, route or method, never runs in Azure.
/// </summary>
[Collection(FunctionsOutput.Name)]
public sealed class FunctionsMetadataTests
{
    // Binding type names the Functions host understands, per trigger attribute the app may use.
    private static readonly Dictionary<Type, string> TriggerBindingTypes = new()
    {
        [typeof(OrchestrationTriggerAttribute)] = "orchestrationTrigger",
        [typeof(ActivityTriggerAttribute)] = "activityTrigger",
        [typeof(EntityTriggerAttribute)] = "entityTrigger",
        [typeof(HttpTriggerAttribute)] = "httpTrigger",
        [typeof(TimerTriggerAttribute)] = "timerTrigger",
        [typeof(QueueTriggerAttribute)] = "queueTrigger",
    };

    private static readonly Assembly App = typeof(ProbeFunctions).Assembly;

    [Fact]
    public void Every_declared_function_is_in_the_generated_metadata_with_its_trigger()
    {
        var metadata = ReadMetadata();
        var declared = DeclaredFunctions().ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared.Select(f => f.Name).Order(), metadata.Keys.Order());
        foreach (var (name, method) in declared)
        {
            var entry = metadata[name];
            Assert.Equal($"{method.DeclaringType!.FullName}.{method.Name}", entry.GetProperty("entryPoint").GetString());

            var (parameter, trigger) = TriggerOf(method);
            var binding = entry.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("name").GetString() == parameter.Name);
            Assert.Equal(TriggerBindingTypes[trigger.GetType()], binding.GetProperty("type").GetString());
            AssertTriggerSettings(name, trigger, binding);

            foreach (var client in method.GetParameters().Where(p => p.GetCustomAttribute<DurableClientAttribute>() is not null))
            {
                Assert.Contains(entry.GetProperty("bindings").EnumerateArray(), b =>
                    b.GetProperty("name").GetString() == client.Name && b.GetProperty("type").GetString() == "durableClient");
            }
        }
    }

    [Fact]
    public void Every_workflow_class_has_one_adapter_under_its_registered_name_and_none_is_defined_in_the_app()
    {
        var workflowTypes = typeof(WorkflowRegistry).Assembly.GetExportedTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && (typeof(ITaskOrchestrator).IsAssignableFrom(t) || typeof(ITaskActivity).IsAssignableFrom(t)))
            .ToList();
        var adapters = DeclaredFunctions().ToDictionary(f => f.Name, f => TriggerOf(f.Method).Trigger);

        Assert.NotEmpty(workflowTypes);
        foreach (var type in workflowTypes)
        {
            // DurableTaskRegistry.AddOrchestrator<T>/AddActivity<T> register a class under its type name.
            Assert.True(adapters.TryGetValue(type.Name, out var trigger), $"No [Function(\"{type.Name}\")] adapter for {type.FullName}.");
            var expected = typeof(ITaskOrchestrator).IsAssignableFrom(type) ? typeof(OrchestrationTriggerAttribute) : typeof(ActivityTriggerAttribute);
            Assert.IsType(expected, trigger);
        }

        Assert.DoesNotContain(App.GetTypes(), t => typeof(ITaskOrchestrator).IsAssignableFrom(t) || typeof(ITaskActivity).IsAssignableFrom(t));
    }

    [Fact]
    public void Every_http_function_is_named_as_its_method_and_has_an_access()
    {
        var http = DeclaredFunctions().Where(f => TriggerOf(f.Method).Trigger is HttpTriggerAttribute).ToList();

        Assert.NotEmpty(http);
        foreach (var (name, method) in http)
        {
            // FunctionAdapter admits a request with the access of its adapter's method name.
            Assert.Equal(name, method.Name);
            Assert.NotNull(ApiAccess.Of(name));
        }
    }

    private static IEnumerable<(string Name, MethodInfo Method)> DeclaredFunctions()
        => from type in App.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
           let function = method.GetCustomAttribute<FunctionAttribute>()
           where function is not null
           select (function.Name, method);

    private static (ParameterInfo Parameter, Attribute Trigger) TriggerOf(MethodInfo method)
    {
        var triggers = (from parameter in method.GetParameters()
                        from attribute in parameter.GetCustomAttributes()
                        where attribute.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal)
                        select (parameter, attribute)).ToList();
        var trigger = Assert.Single(triggers);
        Assert.True(TriggerBindingTypes.ContainsKey(trigger.attribute.GetType()),
            $"{method.Name} uses {trigger.attribute.GetType().Name}; add its binding type to this test.");
        return trigger;
    }

    private static void AssertTriggerSettings(string name, Attribute trigger, JsonElement binding)
    {
        switch (trigger)
        {
            case HttpTriggerAttribute http:
                Assert.Equal(http.Route, binding.GetProperty("route").GetString());
                Assert.Equal(
                    http.Methods!.Select(m => m.ToUpperInvariant()).Order(),
                    binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order());
                Assert.Equal(http.AuthLevel.ToString(), binding.GetProperty("authLevel").GetString());
                break;
            case TimerTriggerAttribute timer:
                Assert.Equal(timer.Schedule, binding.GetProperty("schedule").GetString());
                break;
            case QueueTriggerAttribute queue:
                Assert.Equal(queue.QueueName, binding.GetProperty("queueName").GetString());
                break;
            default:
                Assert.True(binding.GetProperty("direction").GetString() == "In", $"{name}: trigger binding must be an input.");
                break;
        }
    }

    private static Dictionary<string, JsonElement> ReadMetadata()
    {
        var directory = typeof(FunctionsMetadataTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "FunctionsOutputDirectory").Value!;
        var path = Path.Combine(directory, "functions.metadata");
        Assert.True(File.Exists(path), $"Build ThiDua.Functions first: {path} is missing.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
    }
}
