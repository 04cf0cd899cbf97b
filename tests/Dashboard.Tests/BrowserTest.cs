namespace BigDL.Dashboard.Tests;

/// <summary>
/// A test class of the dashboard collection: after each test it closes the pages the test opened, whose live streams
/// would otherwise keep re-rendering through every later test.
/// </summary>
public abstract class BrowserTest(DashboardFixture fixture) : IAsyncLifetime
{
    protected DashboardFixture Fixture { get; } = fixture;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Fixture.Browser.ClosePagesAsync();
}
