namespace BigDL.Grains.Tests;

/// <summary>A throw-away PostgreSQL database for the training tests (unpooled: each test's connections close with it).</summary>
public sealed class TrainingPostgres() : PostgresTestDatabase("training", pooling: false);
