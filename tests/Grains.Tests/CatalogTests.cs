using BigDL.Grains;

namespace BigDL.Grains.Tests;

public sealed class CatalogTests
{
    [Fact]
    public async Task Catalog_lists_names_once_in_the_order_added_and_forgets_removed_ones()
    {
        await using var silo = await Silos.StartAsync();
        var catalog = silo.Client.GetGrain<ICatalogGrain>("test-kind");
        await catalog.Add("b");
        await catalog.Add("a");
        await catalog.Add("b");
        Assert.Equal(["b", "a"], (await catalog.List()).Select(e => e.Name));

        await catalog.Remove("b");
        await catalog.Remove("never-added");
        Assert.Equal(["a"], (await catalog.List()).Select(e => e.Name));
    }
}
