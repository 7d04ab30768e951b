using ThiDua.Domain;

namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class ScoreAdjustmentsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private ScoreAdjustments _adjustments = null!;

    public async Task InitializeAsync() => _adjustments = new ScoreAdjustments(await azurite.CreateStorageAsync("ScoreTests"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Late_submissions_are_recorded_once_per_request()
    {
        Assert.True(await _adjustments.RecordLateAsync("khoi-tre", 2026, new LateSubmission("so-tu-phap", "tre-1", TestData.Now)));
        Assert.False(await _adjustments.RecordLateAsync("khoi-tre", 2026, new LateSubmission("so-tu-phap", "tre-1", TestData.Now.AddSeconds(1))));
        Assert.True(await _adjustments.RecordLateAsync("khoi-tre", 2026, new LateSubmission("cong-an-tinh", "tre-1", TestData.Now.AddSeconds(2))));

        var late = await _adjustments.ListLateAsync("khoi-tre", 2026);

        Assert.Equal([new LateSubmission("so-tu-phap", "tre-1", TestData.Now), new LateSubmission("cong-an-tinh", "tre-1", TestData.Now.AddSeconds(2))], late);
    }

    [Fact]
    public async Task A_retried_adjustment_is_stored_once_and_a_different_one_under_the_same_id_is_refused()
    {
        var adjustment = new ScoreAdjustment
        {
            UnitId = "so-tu-phap",
            CriterionId = "1-1",
            NewPoints = 45,
            Reason = "Minh chứng chưa đầy đủ",
            AdjustedBy = "so-noi-vu",
            AdjustedAt = TestData.Now,
        };

        Assert.Equal(InsertOnceOutcome.Inserted, await _adjustments.AddAdjustmentAsync("khoi-dieu-chinh", 2026, "dc-1", adjustment));
        Assert.Equal(InsertOnceOutcome.AlreadyInserted, await _adjustments.AddAdjustmentAsync("khoi-dieu-chinh", 2026, "dc-1", adjustment));
        Assert.Equal(InsertOnceOutcome.Conflict, await _adjustments.AddAdjustmentAsync("khoi-dieu-chinh", 2026, "dc-1", adjustment with { NewPoints = 10 }));
        Assert.Equal(InsertOnceOutcome.Inserted, await _adjustments.AddAdjustmentAsync("khoi-dieu-chinh", 2026, "dc-2", adjustment with { NewPoints = 50, AdjustedAt = TestData.Now.AddHours(-1) }));

        var stored = await _adjustments.ListAdjustmentsAsync("khoi-dieu-chinh", 2026);

        Assert.Equal([50m, 45m], stored.Select(a => a.NewPoints));
        Assert.Equal("Minh chứng chưa đầy đủ", stored[1].Reason);
    }
}
