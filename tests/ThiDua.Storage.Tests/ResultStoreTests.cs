using ThiDua.Domain;

namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class ResultStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private ResultStore _store = null!;

    public async Task InitializeAsync() => _store = new ResultStore(await azurite.CreateStorageAsync("ResultTests"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_ranking_is_saved_once()
    {
        var ranking = new Ranking
        {
            Order = [RankingKey.Total, RankingKey.UnitId],
            Entries =
            [
                new RankedUnit { Rank = 1, UnitId = "so-noi-vu", Name = "Sở Nội vụ", Total = 98.5m, PenaltyPoints = 0, FinalSubmittedAt = TestData.Now, Submitted = true },
                new RankedUnit { Rank = 2, UnitId = "so-tu-phap", Name = "Sở Tư pháp", Total = 0, PenaltyPoints = 0, Submitted = false },
            ],
        };

        Assert.Equal(InsertOnceOutcome.Inserted, await _store.SaveRankingAsync("noi-chinh", 2026, ranking));
        Assert.Equal(InsertOnceOutcome.AlreadyInserted, await _store.SaveRankingAsync("noi-chinh", 2026, ranking with { }));
        Assert.Equal(InsertOnceOutcome.Conflict, await _store.SaveRankingAsync("noi-chinh", 2026, ranking with { Entries = ranking.Entries.Reverse().ToList() }));

        var stored = await _store.GetRankingAsync("noi-chinh", 2026);
        Assert.Equal(ranking.Entries, stored!.Entries);
        Assert.Null(await _store.GetRankingAsync("noi-chinh", 2025));
    }

    [Fact]
    public async Task The_cycle_result_is_saved_once_and_read_back()
    {
        var result = new YearResult
        {
            BlocId = "noi-chinh",
            Year = 2017,
            LeadingUnitId = "so-noi-vu",
            Proposals =
            [
                new Proposal { UnitId = "so-noi-vu", LevelId = "co-thi-dua-tinh", Order = 1 },
                new Proposal { UnitId = "cong-an-tinh", LevelId = "bang-khen-ubnd-tinh", Order = 1, UndecidedVote = true },
            ],
            NextLeadership = new LeaderChoice("cuc-thi-hanh-an", "so-tu-phap"),
            DecidedAt = TestData.Now,
        };

        Assert.Equal(InsertOnceOutcome.Inserted, await _store.SaveYearResultAsync(result));
        Assert.Equal(InsertOnceOutcome.Conflict, await _store.SaveYearResultAsync(result with { LeadingUnitId = "cong-an-tinh" }));

        var stored = await _store.GetYearResultAsync("noi-chinh", 2017);
        Assert.Equal(("so-noi-vu", "cuc-thi-hanh-an", "so-tu-phap"), (stored!.LeadingUnitId, stored.NextLeadership!.LeaderUnitId, stored.NextLeadership.DeputyUnitId));
        Assert.Equal(result.Proposals, stored.Proposals);
    }
}
