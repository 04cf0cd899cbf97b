using System.Globalization;
using BigDL.Grains;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BigDL.Dashboard.Tests;

[Collection(DashboardTestGroup.Name)]
public sealed class ClusterPageTests(DashboardFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Cluster_page_lists_the_silos_and_activations_per_grain_type_from_the_management_grain()
    {
        var client = Fixture.Host.Client;
        await Studies.RunAsync(client, Studies.Paced("clustered-study", trials: 3));
        var management = client.GetGrain<IManagementGrain>(0);
        var silos = await management.GetDetailedHosts(onlyActive: true);
        var types = (await management.GetSimpleGrainStatistics()).Select(g => g.GrainType).Distinct().Count();
        var page = await Fixture.Browser.NewPageAsync();

        await page.OpenAsync(Fixture.Host.BaseUrl + "cluster");

        var silo = Assert.Single(silos);
        var row = page.Locator($"#silos tbody tr[data-silo='{silo.SiloAddress.ToParsableString()}']");
        Assert.Equal(1, await page.Locator("#silos tbody tr").CountAsync());
        var cells = await row.Locator("td").AllInnerTextsAsync();
        Assert.Equal(silo.SiloName, cells[0]);
        Assert.Equal("Active", cells[3]);
        Assert.Equal(silo.ProxyPort.ToString(CultureInfo.InvariantCulture), cells[6]);
        Assert.True(int.Parse(cells[7], CultureInfo.InvariantCulture) >= 1, "the silo holds at least the experiment's activation");
        Assert.True(await page.ChartPointsAsync("activations") >= types, "every grain type seen before the page opened has a bar");
        await Expect(page.Locator("#grain-types tr[data-grain-type='ExperimentGrain']")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(page, "cluster");
    }

    [Fact]
    public async Task Cluster_page_links_to_the_Orleans_dashboard_which_shows_the_silo()
    {
        var page = await Fixture.Browser.NewPageAsync();
        await page.OpenAsync(Fixture.Host.BaseUrl + "cluster");

        await page.ClickAsync("#orleans-dashboard");

        await page.WaitForURLAsync(Fixture.Host.BaseUrl + "orleans/");
        await OrleansDashboard.ExpectActiveSilosAsync(page, 1);
        await Browser.ScreenshotAsync(page, "orleans-dashboard");
    }
}

/// <summary>What the tests read from Orleans' dashboard page (a script application that polls its own API).</summary>
public static class OrleansDashboard
{
    /// <summary>
    /// Waits until the overview's "Active Silos" counter shows <paramref name="count"/>: the page's script has loaded and its
    /// API calls (<c>DashboardCounters</c>) were answered, which they are only with the dashboard's key when one is set.
    /// </summary>
    public static async Task ExpectActiveSilosAsync(IPage page, int count)
    {
        var counter = page.Locator(".info-box", new() { HasText = "Active Silos" }).Locator(".info-box-number");
        await Expect(counter).ToHaveTextAsync(count.ToString(CultureInfo.InvariantCulture), new() { Timeout = 60_000 });
        await Expect(page.Locator("#error-message-content")).ToBeEmptyAsync();
    }
}
