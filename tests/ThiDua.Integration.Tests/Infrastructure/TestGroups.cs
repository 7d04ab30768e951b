namespace ThiDua.Integration.Tests.Infrastructure;

/// <summary>
/// The test classes on the run's shared Azurite (<see cref="AzuriteFixture"/>); each keeps apart
/// through <see cref="AzuriteFixture.CreateScope"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AzuriteTestGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>
/// The tests that kill or replace hosts along a compressed year: they spend minutes waiting for its
/// deadlines with the processor mostly idle, so they run beside <see cref="AzuriteTestGroup"/> (one
/// after the other, on an Azurite of their own) instead of after it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RestartTestGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Restarts";
}
