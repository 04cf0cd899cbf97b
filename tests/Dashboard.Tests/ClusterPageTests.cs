using BigDL.Orleans.Grains;
using BigDL.Orleans.Management;

namespace BigDL.Orleans.Dashboard.Tests;

[Collection(DashboardTestGroup.Name)]
public sealed class ClusterPageTests(DashboardFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Cluster_page_shows_silos_activations_per_grain_type_and_calls_per_method()
    {
        var client = Fixture.Host.Client;
        await Studies.RunAsync(client, Studies.Paced("clustered-study", trials: 3));
        var management = client.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts();
        var types = (await management.GetGrainStatistics()).Select(g => g.GrainType).Distinct().Count();
        var page = await Fixture.Browser.NewPageAsync();

        await page.OpenAsync(Fixture.Host.BaseUrl + "cluster");

        Assert.Equal(hosts.Length, await page.Locator("#silos tbody tr").CountAsync());
        Assert.Contains("Active", await page.InnerTextAsync("#silos tbody"));
        Assert.True(await page.ChartPointsAsync("activations") >= types, "every grain type seen before the page opened has a bar");
        var experimentRow = page.Locator("#grain-types tr:has-text('ExperimentGrain')");
        Assert.True(await experimentRow.CountAsync() >= 1);
        var reports = page.Locator("#methods tr[data-method='IExperimentGrain.Report']");
        Assert.Equal(1, await reports.CountAsync());
        var cells = await reports.Locator("td").AllInnerTextsAsync();
        Assert.True(long.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture) >= 9, "3 trials of 3 epochs report 9 times"); // calls
        Assert.Equal("0", cells[4]); // errors
        // Calls per second need two samples: the live view's next render supplies the second.
        await page.WaitUntilAsync("() => [...document.querySelectorAll('#methods tbody tr')].some(r => r.cells[3].textContent !== '–')");
        await Browser.ScreenshotAsync(page, "cluster");
    }
}
