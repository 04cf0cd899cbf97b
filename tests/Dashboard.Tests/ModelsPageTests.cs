using System.Collections.Immutable;
using BigDL.Grains;
using Orleans.Concurrency;

namespace BigDL.Dashboard.Tests;

[Collection(DashboardTestGroup.Name)]
public sealed class ModelsPageTests(DashboardFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Models_page_lists_versions_with_metrics_and_downloads_the_safetensors_file()
    {
        var weights = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();
        var registry = Fixture.Host.Client.GetGrain<IModelRegistryGrain>("registered-mlp");
        var version = await registry.Register(
            weights.AsImmutable(),
            ImmutableDictionary<string, double>.Empty.Add("val_accuracy", 0.875),
            ImmutableDictionary<string, string>.Empty.Add("learning_rate", "0.01"),
            "experiment registered-mlp trial 3");
        var page = await Fixture.Browser.NewPageAsync();

        await page.OpenAsync(Fixture.Host.BaseUrl + "models");
        var row = page.Locator($"#models tr[data-model='registered-mlp'][data-version='{version}']");
        var text = await row.InnerTextAsync();
        Assert.Contains("val_accuracy=0.875", text);
        Assert.Contains("learning_rate=0.01", text);
        Assert.Contains("experiment registered-mlp trial 3", text);
        await Browser.ScreenshotAsync(page, "models");

        var download = await page.RunAndWaitForDownloadAsync(() => row.Locator("a.download").ClickAsync());
        Assert.Equal($"registered-mlp-v{version}.safetensors", download.SuggestedFilename);
        var path = await download.PathAsync();
        Assert.Equal(weights, await File.ReadAllBytesAsync(path));
    }
}
