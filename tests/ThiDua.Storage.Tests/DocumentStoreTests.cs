using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;

namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class DocumentStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private ThiDuaStorage _storage = null!;
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        _storage = await azurite.CreateStorageAsync("DocumentTests");
        _store = new DocumentStore(_storage);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Same_bytes_again_is_a_retry_and_different_bytes_are_refused_leaving_the_content_unchanged()
    {
        var original = BinaryData.FromString("Giao ước thi đua năm 2026");

        var first = await _store.PutOnceAsync(DocumentContainers.Compacts, "noi-chinh/2026/compact.json", original, "application/json");
        var retry = await _store.PutOnceAsync(DocumentContainers.Compacts, "noi-chinh/2026/compact.json", BinaryData.FromString("Giao ước thi đua năm 2026"), "application/json");
        var other = await _store.PutOnceAsync(DocumentContainers.Compacts, "noi-chinh/2026/compact.json", BinaryData.FromString("Giao ước đã sửa"), "application/json");

        Assert.Equal(DocumentWriteOutcome.Written, first.Outcome);
        Assert.Equal(DocumentWriteOutcome.AlreadyWritten, retry.Outcome);
        Assert.Equal(DocumentWriteOutcome.WriteOnceViolation, other.Outcome);
        Assert.False(other.Succeeded);
        Assert.Equal(first.Sha256, other.Sha256);

        var read = await _store.ReadAsync(DocumentContainers.Compacts, "noi-chinh/2026/compact.json");
        Assert.Equal(original.ToArray(), read!.Content.ToArray());
        Assert.True(read.Verified);
    }

    [Fact]
    public async Task The_recorded_hash_and_size_are_those_of_the_content()
    {
        var bytes = Encoding.UTF8.GetBytes("Biên bản kiểm phiếu");

        await _store.PutOnceAsync(DocumentContainers.Archives, "noi-chinh/2026/minutes.txt", new BinaryData(bytes), "text/plain; charset=utf-8");

        var record = await _store.GetRecordAsync(DocumentContainers.Archives, "noi-chinh/2026/minutes.txt");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), record!.Sha256);
        Assert.Equal(bytes.Length, record.Size);
        Assert.Equal("text/plain; charset=utf-8", record.ContentType);
        var listed = await _store.ListRecordsAsync(DocumentContainers.Archives, "noi-chinh/2026/");
        Assert.Equal(["noi-chinh/2026/minutes.txt"], listed.Select(r => r.Name));
    }

    [Fact]
    public async Task A_crash_between_blob_and_record_is_healed_by_the_retry()
    {
        var bytes = BinaryData.FromString("manifest");
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_storage.ContainerNames[1]);
        await container.GetBlobClient("noi-chinh/2025/manifest.json").UploadAsync(bytes);
        Assert.Null(await _store.GetRecordAsync(DocumentContainers.Archives, "noi-chinh/2025/manifest.json"));
        Assert.False((await _store.ReadAsync(DocumentContainers.Archives, "noi-chinh/2025/manifest.json"))!.Verified);

        var retry = await _store.PutOnceAsync(DocumentContainers.Archives, "noi-chinh/2025/manifest.json", bytes, "application/json");

        Assert.Equal(DocumentWriteOutcome.AlreadyWritten, retry.Outcome);
        Assert.True((await _store.ReadAsync(DocumentContainers.Archives, "noi-chinh/2025/manifest.json"))!.Verified);
    }

    [Fact]
    public async Task A_blob_changed_behind_the_store_reads_as_not_verified()
    {
        await _store.PutOnceAsync(DocumentContainers.Evidence, "noi-chinh/2026/so-tu-phap/e1.pdf", BinaryData.FromString("%PDF-1.7 gốc"), "application/pdf");
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_storage.ContainerNames[2]);
        await container.GetBlobClient("noi-chinh/2026/so-tu-phap/e1.pdf").UploadAsync(BinaryData.FromString("%PDF-1.7 sửa"), overwrite: true);

        var read = await _store.ReadAsync(DocumentContainers.Evidence, "noi-chinh/2026/so-tu-phap/e1.pdf");

        Assert.False(read!.Verified);
        Assert.NotEqual(read.Record!.Sha256, read.ActualSha256);
    }

    [Fact]
    public async Task Missing_documents_read_as_null()
    {
        Assert.Null(await _store.ReadAsync(DocumentContainers.Documents, "khong-co.json"));
    }

    [Theory]
    [InlineData("../compact.json")]
    [InlineData("noi-chinh//x.json")]
    [InlineData("Noi-Chinh/x.json")]
    [InlineData("noi-chinh/.hidden")]
    [InlineData("noi chinh/x.json")]
    public async Task Invalid_names_are_refused(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutOnceAsync(DocumentContainers.Documents, name, BinaryData.FromString("x"), "text/plain"));
    }

    [Fact]
    public async Task Unknown_containers_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutOnceAsync("tokens", "x.json", BinaryData.FromString("x"), "text/plain"));
    }
}
