namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class CampaignStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private CampaignStore _store = null!;

    public async Task InitializeAsync() => _store = new CampaignStore(await azurite.CreateStorageAsync("CampaignTests"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Insert_is_idempotent_for_the_same_campaign_and_refuses_a_different_one()
    {
        var campaign = TestData.Campaign("khoi-a");

        Assert.Equal(InsertOnceOutcome.Inserted, await _store.InsertAsync(campaign, TestData.Now));
        Assert.Equal(InsertOnceOutcome.AlreadyInserted, await _store.InsertAsync(TestData.Campaign("khoi-a"), TestData.Now.AddMinutes(5)));
        Assert.Equal(InsertOnceOutcome.Conflict, await _store.InsertAsync(campaign with { LeaderUnitId = "so-tu-phap" }, TestData.Now));

        var stored = await _store.GetAsync("khoi-a", 2026);
        Assert.Equal("so-noi-vu", stored!.LeaderUnitId);
        Assert.Equal(campaign.Criteria.Criteria, stored.Criteria.Criteria);
        Assert.Equal(campaign.Schedule, stored.Schedule);
        var state = await _store.GetStateAsync("khoi-a", 2026);
        Assert.Equal(CampaignPhase.Launched, state!.Phase);
        Assert.Equal(TestData.Now, state.ChangedAt);
    }

    [Fact]
    public async Task Years_are_listed_per_bloc()
    {
        await _store.InsertAsync(TestData.Campaign("khoi-y", 2026), TestData.Now);
        await _store.InsertAsync(TestData.Campaign("khoi-y", 2027), TestData.Now);

        Assert.Equal([2026, 2027], await _store.ListYearsAsync("khoi-y"));
        Assert.Null(await _store.GetAsync("khoi-y", 2028));
    }

    [Fact]
    public async Task Phases_only_move_forward_and_an_archived_year_says_so()
    {
        await _store.InsertAsync(TestData.Campaign("khoi-b"), TestData.Now);

        var closed = await _store.AdvanceAsync("khoi-b", 2026, CampaignPhase.ScoringClosed, TestData.Now);
        var back = await _store.AdvanceAsync("khoi-b", 2026, CampaignPhase.Signing, TestData.Now);

        Assert.Equal(TransitionOutcome.Advanced, closed.Outcome);
        Assert.False(closed.State!.AcceptsSubmissions);
        Assert.Equal(TransitionOutcome.AlreadyReached, back.Outcome);
        Assert.Equal(CampaignPhase.ScoringClosed, (await _store.GetStateAsync("khoi-b", 2026))!.Phase);

        var archived = await _store.AdvanceAsync("khoi-b", 2026, CampaignPhase.Archived, TestData.Now);
        Assert.True(archived.State!.IsArchived);
    }

    [Fact]
    public async Task A_transition_guarded_by_a_stale_etag_is_refused()
    {
        await _store.InsertAsync(TestData.Campaign("khoi-c"), TestData.Now);
        var launched = await _store.GetStateAsync("khoi-c", 2026);
        await _store.AdvanceAsync("khoi-c", 2026, CampaignPhase.Signing, TestData.Now);

        var stale = await _store.AdvanceAsync("khoi-c", 2026, CampaignPhase.Sealed, TestData.Now, launched!.ETag);

        Assert.Equal(TransitionOutcome.ConcurrencyConflict, stale.Outcome);
        Assert.Equal(CampaignPhase.Signing, (await _store.GetStateAsync("khoi-c", 2026))!.Phase);
    }

    [Fact]
    public async Task Concurrent_transitions_end_at_the_furthest_phase()
    {
        await _store.InsertAsync(TestData.Campaign("khoi-d"), TestData.Now);
        var phases = Enum.GetValues<CampaignPhase>().Where(p => p != CampaignPhase.Launched).ToList();

        var results = await Task.WhenAll(phases.Select(p => _store.AdvanceAsync("khoi-d", 2026, p, TestData.Now)));

        Assert.Equal(CampaignPhase.Archived, (await _store.GetStateAsync("khoi-d", 2026))!.Phase);
        Assert.Contains(results, r => r.Outcome == TransitionOutcome.Advanced && r.State!.Phase == CampaignPhase.Archived);
    }

    [Fact]
    public async Task Transition_of_a_missing_campaign_is_not_found()
    {
        var result = await _store.AdvanceAsync("khoi-khong-co", 2026, CampaignPhase.Signing, TestData.Now);

        Assert.Equal(TransitionOutcome.NotFound, result.Outcome);
    }
}
