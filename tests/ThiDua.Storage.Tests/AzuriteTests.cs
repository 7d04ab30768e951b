namespace ThiDua.Storage.Tests;

/// <summary>Every storage test class shares one Azurite and isolates itself by table and container prefix.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
