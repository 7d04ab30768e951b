using Azure.Data.Tables;

namespace ThiDua.Storage.Tests;

[Collection(AzuriteTests.Name)]
public sealed class ThiDuaStorageTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("1abc")]
    [InlineData("ab-c")]
    [InlineData("a_b")]
    public void Invalid_table_prefixes_are_refused(string prefix) =>
        Assert.Throws<ArgumentException>(() => new ThiDuaStorage(new ThiDuaStorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = prefix }));

    [Theory]
    [InlineData("Abc")]
    [InlineData("a-b")]
    public void Invalid_container_prefixes_are_refused(string prefix) =>
        Assert.Throws<ArgumentException>(() => new ThiDuaStorage(new ThiDuaStorageOptions { ConnectionString = azurite.ConnectionString, ContainerPrefix = prefix }));

    [Fact]
    public void Without_a_connection_string_or_clients_the_options_are_refused() =>
        Assert.Throws<ArgumentException>(() => new ThiDuaStorage(new ThiDuaStorageOptions()));

    [Fact]
    public async Task Initialize_creates_prefixed_tables_and_containers_and_is_idempotent()
    {
        var storage = new ThiDuaStorage(new ThiDuaStorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = "InitTests", ContainerPrefix = "inittests" });

        await storage.InitializeAsync();
        await storage.InitializeAsync();

        var tables = await new TableServiceClient(azurite.ConnectionString).QueryAsync(t => t.Name.CompareTo("InitTests") >= 0 && t.Name.CompareTo("InitTestt") < 0).Select(t => t.Name).ToListAsync();
        Assert.Equal(storage.TableNames.Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));
        Assert.Contains("InitTestsVotes", tables);
        Assert.Equal(["inittests-compacts", "inittests-archives", "inittests-evidence", "inittests-documents"], storage.ContainerNames);
        var containers = await new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString).GetBlobContainersAsync(prefix: "inittests-").Select(c => c.Name).ToListAsync();
        Assert.Equal(storage.ContainerNames.Order(StringComparer.Ordinal), containers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Default_container_names_are_the_plain_names()
    {
        var storage = new ThiDuaStorage(new ThiDuaStorageOptions { ConnectionString = azurite.ConnectionString });

        Assert.Equal(["compacts", "archives", "evidence", "documents"], storage.ContainerNames);
        Assert.Contains("ThiDuaScores", storage.TableNames);
    }
}
