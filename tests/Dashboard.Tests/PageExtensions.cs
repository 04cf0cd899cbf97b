using Microsoft.Playwright;

namespace BigDL.Dashboard.Tests;

/// <summary>What the tests ask of a dashboard page.</summary>
public static class PageExtensions
{
    static readonly PageWaitForFunctionOptions Generous = new() { Timeout = 60_000, PollingInterval = 50 };

    /// <summary>Opens a dashboard page and fails with the status and body when it is not 200.</summary>
    public static async Task OpenAsync(this IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        Assert.True(response is { Status: 200 }, $"GET {url} answered {response?.Status}: {(response is null ? "" : await response.TextAsync())}");
    }

    /// <summary>The number of points series <paramref name="series"/> of chart <paramref name="id"/> holds, as ECharts has it.</summary>
    public static Task<int> ChartPointsAsync(this IPage page, string id, int series = 0) =>
        page.EvaluateAsync<int>("([id, series]) => window.bigdl.points(id, series)", new object[] { id, series });

    public static Task<int> ChartSeriesAsync(this IPage page, string id) =>
        page.EvaluateAsync<int>("id => window.bigdl.seriesCount(id)", id);

    /// <summary>Waits until a script expression is true in the page (without reloading it).</summary>
    public static async Task WaitUntilAsync(this IPage page, string expression, object? arg = null) =>
        await page.WaitForFunctionAsync(expression, arg, Generous);

    /// <summary>Marks the window; <see cref="AssertNotReloadedAsync"/> fails if the page was loaded again since.</summary>
    public static Task MarkAsync(this IPage page) => page.EvaluateAsync("() => { window.__bigdlMark = 'same-page'; }");

    public static async Task AssertNotReloadedAsync(this IPage page) =>
        Assert.Equal("same-page", await page.EvaluateAsync<string?>("() => window.__bigdlMark ?? null"));
}
