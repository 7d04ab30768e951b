using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ThiDua.Workflows.Tests.Infrastructure;

/// <summary>The orchestrators and activities of a registry as a worker resolves them, with no worker running.</summary>
internal static class WorkerTasks
{
    public static (ServiceProvider Services, IDurableTaskFactory Tasks) Build(IServiceCollection services, Action<DurableTaskRegistry> registry)
    {
        services.AddDurableTaskWorker(builder =>
        {
            builder.AddTasks(registry);
            builder.UseBuildTarget<FactoryOnly>();
        });
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetServices<IHostedService>().OfType<FactoryOnly>().Single().Tasks);
    }

    /// <summary>
    /// The worker that the durable worker builder would start, built only for the task factory it is
    /// given: that factory is the registry as the worker sees it, and it is not public otherwise.
    /// </summary>
    private sealed class FactoryOnly(string name, IDurableTaskFactory factory) : DurableTaskWorker(name, factory)
    {
        public IDurableTaskFactory Tasks => Factory;

        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }
}
