namespace BigDL.Orleans.Grains.Tests;

/// <summary>A throw-away PostgreSQL database for the training tests (unpooled: each test's connections close with it).</summary>
public sealed class TrainingPostgres() : BigDL.Orleans.Tests.Shared.PostgresTestDatabase("training", pooling: false);
