namespace ThiDua.Bench.Scenarios.Engine;

/// <summary>One engine under test: it starts chain orchestrations in its own task hub.</summary>
internal interface IEngineSide : IAsyncDisposable
{
    /// <summary>Label in logs and checks.</summary>
    string Name { get; }

    string TaskHubName { get; }

    Task StartAsync(string instanceId, int input, CancellationToken cancellationToken);
}
