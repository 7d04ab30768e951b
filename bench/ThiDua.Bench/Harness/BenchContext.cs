using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using ThiDua.Azurite;

namespace ThiDua.Bench.Harness;

/// <summary>What scenarios share during one run: the mode, logging and one Azurite.</summary>
public sealed class BenchContext : IAsyncDisposable
{
    readonly SemaphoreSlim _azuriteGate = new(1, 1);
    AzuriteLauncher? azurite;

    public BenchContext(bool quick, ILoggerFactory loggerFactory)
    {
        this.Quick = quick;
        this.LoggerFactory = loggerFactory;
    }

    /// <summary>Small sizes; the run checks completion and correctness, its times mean nothing.</summary>
    public bool Quick { get; }

    /// <summary>Logs go to standard error so that standard output carries only the result.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>
    /// The run's Azurite (in memory, free loopback ports), started on first use. Scenarios keep
    /// apart with task hubs and table names of their own (<see cref="NewTaskHubName"/>).
    /// </summary>
    public async Task<AzuriteLauncher> GetAzuriteAsync(CancellationToken cancellationToken)
    {
        await _azuriteGate.WaitAsync(cancellationToken);
        try
        {
            return this.azurite ??= await AzuriteLauncher.StartAsync(
                new AzuriteOptions { DataDirectory = null },
                this.LoggerFactory.CreateLogger<AzuriteLauncher>(),
                cancellationToken);
        }
        finally
        {
            _azuriteGate.Release();
        }
    }

    /// <summary>A task hub name no other scenario or run uses: <paramref name="prefix"/> (letters) and 8 hex digits.</summary>
    public static string NewTaskHubName(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public async ValueTask DisposeAsync()
    {
        if (this.azurite is not null)
        {
            await this.azurite.DisposeAsync();
            this.azurite = null;
        }

        _azuriteGate.Dispose();
    }
}
