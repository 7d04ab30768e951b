namespace ThiDua.Bench.Scenarios.Cost;

/// <summary>
/// Azure list prices (USD, pay as you go, East US, locally redundant storage, general-purpose v2
/// account, hot blob tier; Flex Consumption with 2,048 MB instances) that turn the counted work
/// into a bill. bench/README.md ("What a province-year costs") gives each with its source and date
/// and the formula; change them there and here together.
/// </summary>
internal static class AzurePrices
{
    public const string Region = "East US";

    public const double BlobWritePer10k = 0.05;
    public const double BlobListOrCreatePer10k = 0.05;
    public const double BlobReadPer10k = 0.004;
    public const double BlobOtherPer10k = 0.004;
    public const double QueuePer10k = 0.004;
    public const double TablePer10k = 0.00036;

    public const double BlobGbMonth = 0.018;
    public const double TableGbMonth = 0.045;

    public const double InstanceGb = 2;
    public const double OnDemandGbSecond = 0.000026;
    public const double AlwaysReadyBaselineGbSecond = 0.000004;
    public const double AlwaysReadyExecutionGbSecond = 0.000016;
    public const double PerMillionExecutions = 0.40;

    public const double SecondsPerYear = 365 * 24 * 3600;

    /// <summary>Years a year's records are kept (the deployment's THIDUA_RETENTION_YEARS default).</summary>
    public const int RetentionYears = 10;

    public static double Per10k(BillingClass billingClass) => billingClass switch
    {
        BillingClass.BlobWrite => BlobWritePer10k,
        BillingClass.BlobListOrCreate => BlobListOrCreatePer10k,
        BillingClass.BlobRead => BlobReadPer10k,
        BillingClass.BlobOther => BlobOtherPer10k,
        BillingClass.Queue => QueuePer10k,
        BillingClass.Table => TablePer10k,
        _ => 0,
    };

    /// <summary>What these requests cost: Σ requests of a class × its price per 10,000 / 10,000.</summary>
    public static double TransactionsUsd(StorageOps ops) => ops.Rows.Sum(r => r.Requests * Per10k(r.Class) / 10_000);
}

/// <summary>
/// A province-year's bill from one measured bloc-year (see bench/README.md for the formula):
/// the blocs' storage requests, the engine's idle polling all year on the always-ready instance,
/// holding as many years of records as are retained, and Flex Consumption (one always-ready instance's
/// baseline, the blocs' execution time and executions, the timers' executions).
/// </summary>
internal sealed record ProvinceYearCost(double TransactionsUsd, double IdlePollingUsd, double CapacityUsd, double FunctionsUsd)
{
    /// <summary>The sweep of pending confirmations every 5 minutes and the daily launch check, all year.</summary>
    public const double TimerExecutionsPerYear = (365 * 24 * 12) + 365;

    public double TotalUsd => this.TransactionsUsd + this.IdlePollingUsd + this.CapacityUsd + this.FunctionsUsd;

    public static ProvinceYearCost Of(int blocs, StorageOps perBlocYear, StorageOps idlePerSecond, double blobGbPerBloc, double tableGbPerBloc, double executionsPerBloc, double activeSecondsPerBloc)
    {
        ArgumentNullException.ThrowIfNull(perBlocYear);
        ArgumentNullException.ThrowIfNull(idlePerSecond);
        var transactions = blocs * AzurePrices.TransactionsUsd(perBlocYear);
        var idle = AzurePrices.TransactionsUsd(idlePerSecond.Scaled(AzurePrices.SecondsPerYear));

        // Once retention is reached the account holds that many years of records, every month.
        var capacity = blocs * AzurePrices.RetentionYears * 12 * ((blobGbPerBloc * AzurePrices.BlobGbMonth) + (tableGbPerBloc * AzurePrices.TableGbMonth));
        var baseline = AzurePrices.InstanceGb * AzurePrices.SecondsPerYear * AzurePrices.AlwaysReadyBaselineGbSecond;
        var execution = blocs * activeSecondsPerBloc * AzurePrices.InstanceGb * AzurePrices.AlwaysReadyExecutionGbSecond;
        var executions = ((blocs * executionsPerBloc) + TimerExecutionsPerYear) * AzurePrices.PerMillionExecutions / 1_000_000;
        return new ProvinceYearCost(transactions, idle, capacity, baseline + execution + executions);
    }
}
