using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
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
    /// Executes a shared handler's <see cref="IResult"/> against the request's own HttpContext, exactly
    /// as minimal APIs do in the local host. The Functions ASP.NET Core integration documents
    /// <see cref="IActionResult"/> returns only, so the response is written here and an
    /// <see cref="EmptyResult"/>, which writes nothing, is handed back. An exception becomes the
    /// same problem as in the local host (503 when storage is unreachable, else a generic 500 with a correlation id), and a
    /// state-changing call is audited the same way.
    /// </summary>
    protected static async Task<IActionResult> RespondAsync(HttpRequest request, Task<IResult> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        IResult result;
        try
        {
            result = await handler;
        }
        catch (Exception e) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var services = request.HttpContext.RequestServices;
            var loggers = services?.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var retryAfter = (services?.GetService<IOptions<ThiDuaApiOptions>>()?.Value ?? new ThiDuaApiOptions()).UnavailableRetryAfter;
            result = ApiProblems.Failure(request.HttpContext, e, loggers.CreateLogger("ThiDua.Api"), retryAfter);
        }

        await ApiAudit.RecordAsync(request.HttpContext, result);
        await result.ExecuteAsync(request.HttpContext);
        return new EmptyResult();
    }

    private sealed class ActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
