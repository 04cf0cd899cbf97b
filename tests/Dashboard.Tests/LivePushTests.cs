using BigDL.Grains;

namespace BigDL.Dashboard.Tests;

/// <summary>Live views that refresh only when pushed: the experiment's observer notifications alone must move the page.</summary>
[Collection(DashboardTestGroup.Name)]
public sealed class LivePushTests(DashboardFixture fixture) : BrowserTest(fixture)
{
    DashboardHost host = null!;

    public override async Task InitializeAsync() => host = await DashboardHost.StartAsync(refreshInterval: TimeSpan.FromHours(1));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Experiment_page_follows_the_trial_changes_its_experiment_pushes()
    {
        var grain = host.Client.GetGrain<IExperimentGrain>("pushed-study");
        await grain.Start(Studies.Paced("pushed-study", trials: 5, parallelism: 1, epochs: 3));
        var page = await Fixture.Browser.NewPageAsync();
        await page.OpenAsync(host.BaseUrl + "experiments/pushed-study");
        await page.MarkAsync();

        // With an hour between refreshes, only the observer's pushes can bring each finished trial to the page.
        await page.WaitUntilAsync("() => document.getElementById('finished')?.textContent === '5'");
        await page.AssertNotReloadedAsync();
        Assert.Equal(5, await page.ChartPointsAsync("history"));
    }
}
