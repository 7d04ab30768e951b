using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api;
using ThiDua.Api.Http;

namespace ThiDua.Functions.Adapters;

/// <summary>
/// Base of every [Function] class: each adapter is one expression that hands the trigger's input
/// to a shared orchestrator, activity or HTTP handler. Workflow and API logic never lives here.
/// </summary>
/// <param name="services">The invocation's services; Functions creates the derived class per invocation.</param>
public abstract class FunctionAdapter(IServiceProvider services)
{
    /// <summary>Creates a workflow class the way <see cref="DurableTaskRegistry"/> does in the local host.</summary>
    protected T Create<T>()
        where T : class
        => ActivatorUtilities.GetServiceOrCreateInstance<T>(services);

    /// <summary>Runs a shared orchestrator on the context the Durable Functions trigger gives.</summary>
    protected static Task<TOutput> OrchestrateAsync<TInput, TOutput>(
        TaskOrchestrationContext context, TaskOrchestrator<TInput, TOutput> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(orchestrator);
        return orchestrator.RunAsync(context, context.GetInput<TInput>()!);
    }

    /// <summary>
    /// Runs a shared activity. The activity trigger binds only the input, so the context is rebuilt
    /// from the binding data's instance id and the activity's registered name (its class name).
    /// </summary>
    protected static Task<TOutput> RunActivityAsync<TInput, TOutput>(
        TaskActivity<TInput, TOutput> activity, TInput input, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.RunAsync(new ActivityContext(activity.GetType().Name, instanceId), input);
    }

    /// <summary>
    /// Runs a shared handler through <see cref="ApiPipeline"/>, as the local host's endpoints do: the same
    /// admission (with the access of <paramref name="operation"/>, the adapter's method name, which is its
    /// function name), the same problem for an exception and the same audit entry. The adapter's route
    /// values are set on the request first, where admission reads them. The result is executed against the request's own
    /// HttpContext, exactly as minimal APIs do: the Functions ASP.NET Core integration documents
    /// <see cref="IActionResult"/> returns only, so the response is written here and an
    /// <see cref="EmptyResult"/>, which writes nothing, is handed back.
    /// </summary>
    protected Task<IActionResult> RespondAsync(
        HttpRequest request, Func<Task<IResult>> handler, object? routeValues = null, [CallerMemberName] string operation = "")
        => RespondAsync(request, services, handler, routeValues, operation);

    /// <summary>The same for a static adapter, with the <paramref name="services"/> it has.</summary>
    protected static async Task<IActionResult> RespondAsync(
        HttpRequest request, IServiceProvider services, Func<Task<IResult>> handler, object? routeValues = null, [CallerMemberName] string operation = "")
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        foreach (var (key, value) in new RouteValueDictionary(routeValues))
        {
            request.RouteValues[key] = value;
        }

        var result = await ApiPipeline.RespondAsync(request.HttpContext, services, ApiAccess.Of(operation), handler);
        await result.ExecuteAsync(request.HttpContext);
        return new EmptyResult();
    }

    private sealed class ActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
