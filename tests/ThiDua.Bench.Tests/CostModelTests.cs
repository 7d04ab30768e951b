using ThiDua.Azurite;
using ThiDua.Bench.Scenarios.Cost;

namespace ThiDua.Bench.Tests;

/// <summary>
/// The cost scenario's counting and pricing, on counts given by hand: which requests are the engine's,
/// which price class each is billed in, and the formula bench/README.md writes out.
/// </summary>
public sealed class CostModelTests
{
    const string Hub = "BenchCostab12cd34";

    static StorageRequestCount Count(StorageService service, string method, string path, long requests, string comp = "", string restype = "", string batchTable = "") =>
        new(service, method, path, comp, restype, 200, batchTable, requests, requests);

    [Fact]
    public void A_request_is_the_engines_when_its_queue_table_or_container_carries_the_task_hub_name_in_any_case()
    {
        Assert.Equal(StorageOwner.Engine, StorageOps.OwnerOf(Count(StorageService.Queue, "GET", "benchcostab12cd34-control-00/messages", 1), Hub));
        Assert.Equal(StorageOwner.Engine, StorageOps.OwnerOf(Count(StorageService.Table, "POST", "$batch", 1, batchTable: Hub + "History"), Hub));
        Assert.Equal(StorageOwner.Application, StorageOps.OwnerOf(Count(StorageService.Table, "POST", "$batch", 1, batchTable: "ThiDuaScores"), Hub));
        Assert.Equal(StorageOwner.Application, StorageOps.OwnerOf(Count(StorageService.Queue, "GET", "thidua-mail/messages", 1), Hub));
    }

    [Fact]
    public void Blob_requests_are_billed_as_writes_reads_list_or_create_other_or_free_like_Azure_bills_them()
    {
        Assert.Equal(BillingClass.BlobWrite, StorageOps.ClassOf(Count(StorageService.Blob, "PUT", "archive/*/*", 1)));
        Assert.Equal(BillingClass.BlobWrite, StorageOps.ClassOf(Count(StorageService.Blob, "PUT", "archive/*", 1, comp: "blocklist")));
        Assert.Equal(BillingClass.BlobOther, StorageOps.ClassOf(Count(StorageService.Blob, "PUT", "hub-leases/*/*", 1, comp: "lease")));
        Assert.Equal(BillingClass.BlobListOrCreate, StorageOps.ClassOf(Count(StorageService.Blob, "PUT", "archive", 1, restype: "container")));
        Assert.Equal(BillingClass.BlobListOrCreate, StorageOps.ClassOf(Count(StorageService.Blob, "GET", "archive", 1, comp: "list", restype: "container")));
        Assert.Equal(BillingClass.BlobRead, StorageOps.ClassOf(Count(StorageService.Blob, "GET", "archive/*", 1)));
        Assert.Equal(BillingClass.BlobRead, StorageOps.ClassOf(Count(StorageService.Blob, "HEAD", "archive/*", 1)));
        Assert.Equal(BillingClass.Free, StorageOps.ClassOf(Count(StorageService.Blob, "DELETE", "archive/*", 1)));
        Assert.Equal(BillingClass.Queue, StorageOps.ClassOf(Count(StorageService.Queue, "DELETE", "q/messages/*", 1)));
        Assert.Equal(BillingClass.Table, StorageOps.ClassOf(Count(StorageService.Table, "POST", "$batch", 1, batchTable: "T")));
    }

    [Fact]
    public void Counts_between_two_readings_less_the_idle_rate_never_go_below_zero()
    {
        IReadOnlyList<StorageRequestCount> before = [Count(StorageService.Queue, "GET", Hub + "-workitems/messages", 10)];
        IReadOnlyList<StorageRequestCount> after =
        [
            Count(StorageService.Queue, "GET", Hub + "-workitems/messages", 110),
            Count(StorageService.Table, "GET", "ThiDuaCampaigns(…)", 7),
        ];

        var year = StorageOps.Between(before, after, Hub);
        var idle = StorageOps.Between(before, [Count(StorageService.Queue, "GET", Hub + "-workitems/messages", 12), Count(StorageService.Blob, "PUT", Hub + "-leases/*", 3, comp: "lease")], Hub);
        var net = year.Minus(idle.Scaled(10));

        Assert.Equal(107, year.Total);
        Assert.Equal(100, year.Of(StorageOwner.Engine));
        Assert.Equal(80, net.Of(StorageService.Queue));
        Assert.Equal(7, net.Of(StorageOwner.Application));
        Assert.Equal(0, net.Of(StorageService.Blob));
    }

    [Fact]
    public void A_province_year_with_no_work_costs_the_always_ready_baseline_and_the_timers_and_each_part_follows_the_written_formula()
    {
        var nothing = StorageOps.Between([], [], Hub);
        var idle = ProvinceYearCost.Of(30, nothing, nothing, 0, 0, 0, 0);
        Assert.Equal(0, idle.TransactionsUsd + idle.IdlePollingUsd + idle.CapacityUsd);
        Assert.Equal((2 * 31_536_000 * 0.000004) + (105_485 * 0.40 / 1_000_000), idle.FunctionsUsd, precision: 9);

        // One queue request a second all year: 31,536,000 × 0.004 / 10,000.
        var polling = StorageOps.Between([], [Count(StorageService.Queue, "GET", Hub + "-control-00/messages", 1)], Hub);
        var busy = ProvinceYearCost.Of(30, polling, polling, blobGbPerBloc: 1, tableGbPerBloc: 0, executionsPerBloc: 1_000_000 / 30.0, activeSecondsPerBloc: 100);
        Assert.Equal(30 * 0.004 / 10_000, busy.TransactionsUsd, precision: 9);
        Assert.Equal(31_536_000 * 0.004 / 10_000, busy.IdlePollingUsd, precision: 9);
        Assert.Equal(30 * 0.018 * 10 * 12, busy.CapacityUsd, precision: 9);
        Assert.Equal(idle.FunctionsUsd + (30 * 100 * 2 * 0.000016) + 0.40, busy.FunctionsUsd, precision: 9);
        Assert.Equal(busy.TransactionsUsd + busy.IdlePollingUsd + busy.CapacityUsd + busy.FunctionsUsd, busy.TotalUsd, precision: 9);
    }
}
