using BigDL.TestHost;

namespace BigDL.Storage.Tests.Fixtures;

/// <summary>A throw-away PostgreSQL database (see <see cref="PostgresTestDatabase"/>: BIGDL_TEST_POSTGRES names the server).</summary>
public sealed class PostgreSqlStoreFixture() : PostgresTestDatabase("storage"), IStoreFixture
{
    public string Store => ConnectionString;
}
