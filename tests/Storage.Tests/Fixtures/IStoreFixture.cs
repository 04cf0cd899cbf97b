using BigDL.Storage.Sql;

namespace BigDL.Storage.Tests.Fixtures;

/// <summary>A store the contract suites run against: a store string and fresh database clients on it.</summary>
public interface IStoreFixture
{
    /// <summary>Gets the store string (a SQLite file path or a PostgreSQL connection string).</summary>
    string Store { get; }
}

/// <summary>Opens database clients on a fixture's store.</summary>
internal static class StoreFixtureExtensions
{
    public static SqlStore Open(this IStoreFixture fixture, bool createSchema = true) =>
        StoreLocation.Parse(fixture.Store).Open(createSchema, TimeSpan.FromSeconds(60));
}
