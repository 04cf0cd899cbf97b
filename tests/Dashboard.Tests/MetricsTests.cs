using BigDL.Grains;
using BigDL.TestHost;

namespace BigDL.Dashboard.Tests;

/// <summary>The Prometheus scrape endpoint: Orleans' meter and the service's meters on the dashboard's web host.</summary>
[Collection(DashboardTestGroup.Name)]
public sealed class MetricsTests(DashboardFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Metrics_carry_Orleans_activation_counts_and_the_services_own_instruments_after_a_grain_call()
    {
        Assert.Null(await Fixture.Host.Client.GetGrain<IExperimentGrain>("scraped-study").GetSpec());
        var page = await Fixture.Browser.NewPageAsync();
        await page.OpenAsync(Fixture.Host.BaseUrl + "cluster"); // its live view sends updates, which the dashboard counts
        using var http = new HttpClient();

        var text = await Eventually.MatchesAsync(
            () => http.GetStringAsync(Fixture.Host.BaseUrl + "metrics"),
            t => Samples(t, "orleans_catalog_activation_created").Any(l => l.Contains("grain_type=\"experiment\"", StringComparison.Ordinal))
                && Samples(t, "bigdl_dashboard_live_updates").Any(l => l.Contains("view=\"cluster\"", StringComparison.Ordinal)),
            "an orleans_catalog_activation_created sample of experiment grains and a bigdl_dashboard_live_updates sample of the cluster view");

        Assert.Contains("otel_scope_name=\"Microsoft.Orleans\"", text, StringComparison.Ordinal);
    }

    /// <summary>The sample lines of metric <paramref name="name"/> (with or without a <c>_total</c> suffix and labels).</summary>
    static IEnumerable<string> Samples(string text, string name) =>
        text.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + "_total{", StringComparison.Ordinal));
}
