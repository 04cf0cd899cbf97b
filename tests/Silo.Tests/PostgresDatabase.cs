namespace BigDL.Silo.Tests;

/// <summary>A throw-away PostgreSQL database for the silo processes of a test class (their store).</summary>
public sealed class PostgresDatabase() : PostgresTestDatabase("silo");
