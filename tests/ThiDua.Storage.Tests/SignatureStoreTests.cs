using System.Security.Cryptography;

namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class SignatureStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private SignatureStore _store = null!;

    public async Task InitializeAsync() => _store = new SignatureStore(await azurite.CreateStorageAsync("SignatureTests"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task One_signature_per_unit_a_retry_is_accepted_and_a_second_signature_changes_nothing()
    {
        var first = BinaryData.FromBytes(RandomNumberGenerator.GetBytes(700));
        var second = BinaryData.FromBytes(RandomNumberGenerator.GetBytes(700));

        var signed = await _store.RecordAsync("noi-chinh", 2026, "so-tu-phap", first, "AB12", TestData.Now);
        var retry = await _store.RecordAsync("noi-chinh", 2026, "so-tu-phap", first, "AB12", TestData.Now.AddSeconds(3));
        var again = await _store.RecordAsync("noi-chinh", 2026, "so-tu-phap", second, "AB12", TestData.Now.AddMinutes(1));

        Assert.Equal(SignOutcome.Recorded, signed.Outcome);
        Assert.Equal(SignOutcome.AlreadyRecorded, retry.Outcome);
        Assert.Equal(SignOutcome.AlreadySigned, again.Outcome);
        Assert.Equal(signed.Signature, again.Signature);
        var listed = Assert.Single(await _store.ListAsync("noi-chinh", 2026));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first.ToArray())), listed.SignatureSha256);
        Assert.Equal(TestData.Now, listed.SignedAt);
        var p7s = await _store.ReadSignatureAsync("noi-chinh", 2026, "so-tu-phap");
        Assert.True(p7s!.Verified);
        Assert.Equal(first.ToArray(), p7s.Content.ToArray());
    }

    [Fact]
    public async Task Signatures_are_listed_per_campaign()
    {
        await _store.RecordAsync("khoi-b", 2026, "so-noi-vu", BinaryData.FromBytes([1, 2, 3]), "T1", TestData.Now);
        await _store.RecordAsync("khoi-b", 2026, "cong-an-tinh", BinaryData.FromBytes([4, 5, 6]), "T2", TestData.Now);
        await _store.RecordAsync("khoi-b", 2027, "so-noi-vu", BinaryData.FromBytes([7]), "T1", TestData.Now);

        var signatures = await _store.ListAsync("khoi-b", 2026);

        Assert.Equal(["cong-an-tinh", "so-noi-vu"], signatures.Select(s => s.UnitId));
        Assert.Equal("T2", signatures[0].CertificateThumbprint);
    }

    [Fact]
    public async Task Empty_signatures_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.RecordAsync("noi-chinh", 2026, "so-noi-vu", BinaryData.Empty, "T", TestData.Now));
        Assert.Null(await _store.GetAsync("noi-chinh", 2026, "so-noi-vu"));
    }
}
