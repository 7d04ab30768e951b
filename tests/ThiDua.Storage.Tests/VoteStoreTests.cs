using Azure.Data.Tables;
using ThiDua.Domain;

namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class VoteStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly string[] Members = ["so-noi-vu", "so-tu-phap", "cong-an-tinh", "bo-chi-huy-quan-su", "cuc-thi-hanh-an"];
    private ThiDuaStorage _storage = null!;
    private VoteStore _store = null!;

    public async Task InitializeAsync()
    {
        _storage = await azurite.CreateStorageAsync("VoteTests");
        _store = new VoteStore(_storage);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<VoteRound> OpenAsync(string blocId, int roundNumber = 1)
    {
        var round = new VoteRound
        {
            BlocId = blocId,
            Year = 2026,
            Purpose = VotePurpose.LeadingUnit,
            RoundNumber = roundNumber,
            Candidates = ["so-noi-vu", "so-tu-phap", "cong-an-tinh"],
            EligibleVoters = Members.Length,
        };
        Assert.Equal(InsertOnceOutcome.Inserted, await _store.OpenRoundAsync(new OpenedVoteRound(round, Members, TestData.Now.AddDays(1)), TestData.Now));
        return round;
    }

    private static string NewBallotId() => Guid.NewGuid().ToString("N");

    private Task<CastOutcome> CastAsync(string voter, Ballot ballot) => _store.CastAsync(voter, ballot, VoteRules.Receipt(ballot));

    [Fact]
    public async Task Fifty_parallel_ballots_from_one_unit_leave_exactly_one_ballot_and_one_voter_row()
    {
        var round = await OpenAsync("khoi-song-song");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            CastAsync("so-tu-phap", new Ballot(round.RoundKey, NewBallotId(), round.Candidates[i % 3]))));

        Assert.Single(outcomes, o => o == CastOutcome.Cast);
        Assert.Equal(49, outcomes.Count(o => o == CastOutcome.AlreadyVoted));
        Assert.Single(await _store.ListBallotsAsync(round.RoundKey));
        Assert.Equal(["so-tu-phap"], await _store.ListVotersAsync(round.RoundKey));
    }

    [Fact]
    public async Task A_ballot_from_a_unit_that_already_voted_changes_nothing()
    {
        var round = await OpenAsync("khoi-lan-hai");
        await CastAsync("cong-an-tinh", new Ballot(round.RoundKey, NewBallotId(), "so-noi-vu"));
        var before = await _store.ListBallotsAsync(round.RoundKey);

        var second = await CastAsync("cong-an-tinh", new Ballot(round.RoundKey, NewBallotId(), "so-tu-phap"));

        Assert.Equal(CastOutcome.AlreadyVoted, second);
        Assert.Equal(before, await _store.ListBallotsAsync(round.RoundKey));
        Assert.Equal(["cong-an-tinh"], await _store.ListVotersAsync(round.RoundKey));
    }

    [Fact]
    public async Task Voter_rows_and_ballot_rows_share_no_field_and_no_cast_time_after_close()
    {
        var round = await OpenAsync("khoi-bi-mat");
        var ballots = Members
            .Select((m, i) => (Voter: m, Ballot: new Ballot(round.RoundKey, NewBallotId(), i == 4 ? null : round.Candidates[i % 3])))
            .Select(b => (b.Voter, b.Ballot, Receipt: VoteRules.Receipt(b.Ballot)))
            .ToList();
        foreach (var (voter, ballot, receipt) in ballots)
        {
            Assert.Equal(CastOutcome.Cast, await _store.CastAsync(voter, ballot, receipt));
        }

        Assert.Equal(GateOutcome.Closed, await _store.CloseRoundAsync(round.RoundKey, TestData.Now));

        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(_storage.TableNames.Single(n => n.EndsWith("Votes", StringComparison.Ordinal)));
        var rows = await table.QueryAsync<TableEntity>(e => e.PartitionKey == round.RoundKey).ToListAsync();
        var voterRows = rows.Where(r => r.RowKey.StartsWith("voter:", StringComparison.Ordinal)).ToList();
        var ballotRows = rows.Where(r => r.RowKey.StartsWith("ballot:", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, voterRows.Count);
        Assert.Equal(5, ballotRows.Count);
        string[] system = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];
        Assert.All(voterRows, r => Assert.Empty(r.Keys.Except(system)));
        Assert.All(ballotRows, r => Assert.Empty(r.Keys.Except(system).Except(["Choice", "Receipt"])));
        var ballotText = string.Join('|', ballotRows.SelectMany(r => r.Select(kv => kv.Value)).Select(v => v?.ToString()));
        Assert.All(Members.Where(m => !round.Candidates.Contains(m)), m => Assert.DoesNotContain(m, ballotText, StringComparison.Ordinal));
        var voterText = string.Join('|', voterRows.SelectMany(r => r.Select(kv => kv.Value)).Select(v => v?.ToString()));
        Assert.All(ballots, b =>
        {
            Assert.DoesNotContain(b.Ballot.BallotId, voterText, StringComparison.Ordinal);
            Assert.DoesNotContain(b.Receipt, voterText, StringComparison.Ordinal);
        });
        // Closing rewrote every ballot: none keeps the time of its cast, so time no longer pairs rows.
        Assert.True(ballotRows.Min(b => b.Timestamp) >= voterRows.Max(v => v.Timestamp));
    }

    [Fact]
    public async Task After_close_ballots_are_refused_and_nothing_is_written()
    {
        var round = await OpenAsync("khoi-dong-phieu");
        await CastAsync("so-noi-vu", new Ballot(round.RoundKey, NewBallotId(), "so-tu-phap"));
        await _store.CloseRoundAsync(round.RoundKey, TestData.Now);

        var late = await CastAsync("so-tu-phap", new Ballot(round.RoundKey, NewBallotId(), "so-noi-vu"));

        Assert.Equal(CastOutcome.RoundClosed, late);
        Assert.False(await _store.HasVotedAsync(round.RoundKey, "so-tu-phap"));
        Assert.Single(await _store.ListBallotsAsync(round.RoundKey));
        Assert.Equal(GateOutcome.AlreadyClosed, await _store.CloseRoundAsync(round.RoundKey, TestData.Now));
        var reopened = new OpenedVoteRound(round, Members, TestData.Now.AddDays(1));
        Assert.Equal(InsertOnceOutcome.AlreadyInserted, await _store.OpenRoundAsync(reopened, TestData.Now));
        Assert.Equal(CastOutcome.RoundClosed, await CastAsync("so-tu-phap", new Ballot(round.RoundKey, NewBallotId(), "so-noi-vu")));
    }

    [Fact]
    public async Task A_round_is_opened_once_and_read_back()
    {
        var round = await OpenAsync("khoi-mo-vong", roundNumber: 2);

        var different = new OpenedVoteRound(round with { Candidates = ["so-noi-vu"] }, Members, TestData.Now.AddDays(1));
        Assert.Equal(InsertOnceOutcome.Conflict, await _store.OpenRoundAsync(different, TestData.Now));
        var stored = await _store.GetRoundAsync(round.RoundKey);
        Assert.Equal(round.Candidates, stored!.Round.Candidates);
        Assert.Equal(Members, stored.EligibleUnitIds);
        Assert.Equal("khoi-mo-vong-2026-leading-unit-2", stored.Round.RoundKey);
        Assert.Equal(CastOutcome.RoundClosed, await CastAsync("so-noi-vu", new Ballot("khoi-chua-mo-2026-leader-1", NewBallotId(), null)));
    }

    [Fact]
    public async Task Abstentions_are_stored_without_a_choice_and_the_tally_is_saved_once()
    {
        var round = await OpenAsync("khoi-kiem-phieu");
        await CastAsync("so-noi-vu", new Ballot(round.RoundKey, NewBallotId(), null));
        await CastAsync("so-tu-phap", new Ballot(round.RoundKey, NewBallotId(), "so-noi-vu"));
        await _store.CloseRoundAsync(round.RoundKey, TestData.Now);
        var ballots = await _store.ListBallotsAsync(round.RoundKey);
        var tally = new Tally
        {
            RoundKey = round.RoundKey,
            RoundNumber = 1,
            EligibleVoters = 5,
            BallotsCast = ballots.Count,
            Abstentions = ballots.Count(b => b.Choice is null),
            Counts = round.Candidates.Select(c => new CandidateVotes(c, ballots.Count(b => b.Choice == c))).ToList(),
            QuorumReached = false,
            QuorumBallots = 4,
            Outcome = TallyOutcome.NoQuorum,
            Next = NextStep.Runoff,
            RunoffCandidates = ["so-noi-vu"],
        };

        Assert.Equal(InsertOnceOutcome.Inserted, await _store.SaveTallyAsync(tally));
        Assert.Equal(InsertOnceOutcome.AlreadyInserted, await _store.SaveTallyAsync(tally with { }));
        Assert.Equal(InsertOnceOutcome.Conflict, await _store.SaveTallyAsync(tally with { BallotsCast = 5 }));
        var stored = await _store.GetTallyAsync(round.RoundKey);
        Assert.Equal((2, 1, TallyOutcome.NoQuorum), (stored!.BallotsCast, stored.Abstentions, stored.Outcome));
        Assert.Equal(tally.Counts, stored.Counts);
        Assert.All(ballots, b => Assert.Equal(VoteRules.Receipt(new Ballot(round.RoundKey, b.BallotId, b.Choice)), b.Receipt));
    }

    [Fact]
    public async Task A_ballot_id_already_used_is_reported_and_the_voter_is_not_recorded()
    {
        var round = await OpenAsync("khoi-trung-id");
        var id = NewBallotId();
        await CastAsync("so-noi-vu", new Ballot(round.RoundKey, id, "so-tu-phap"));

        Assert.Equal(CastOutcome.BallotIdTaken, await CastAsync("so-tu-phap", new Ballot(round.RoundKey, id, "so-noi-vu")));
        Assert.False(await _store.HasVotedAsync(round.RoundKey, "so-tu-phap"));
    }

    [Fact]
    public async Task A_receipt_that_is_not_the_ballots_hash_is_refused_and_nothing_is_written()
    {
        var round = await OpenAsync("khoi-bien-nhan");
        var ballot = new Ballot(round.RoundKey, NewBallotId(), "so-noi-vu");

        await Assert.ThrowsAsync<ArgumentException>(() => _store.CastAsync("so-tu-phap", ballot, VoteRules.Receipt(ballot with { Choice = "so-tu-phap" })));

        Assert.False(await _store.HasVotedAsync(round.RoundKey, "so-tu-phap"));
        Assert.Empty(await _store.ListBallotsAsync(round.RoundKey));
    }
}
