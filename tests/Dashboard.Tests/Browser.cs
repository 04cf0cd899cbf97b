using Microsoft.Playwright;

namespace BigDL.Dashboard.Tests;

/// <summary>Debian's headless chromium driven by Playwright (scripts/install-chromium.sh installs it; no browser download).</summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    readonly IPlaywright playwright;
    readonly List<IBrowserContext> open = [];

    Browser(IPlaywright playwright, IBrowser chromium)
    {
        this.playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    /// <summary>Gets the folder screenshots go to: $BIGDL_TEST_ARTIFACTS, or artifacts/ beside the test assembly.</summary>
    public static string ArtifactsFolder { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("BIGDL_TEST_ARTIFACTS") is { Length: > 0 } folder
            ? Path.Combine(folder, "dashboard")
            : Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard")).FullName;

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/install-chromium.sh (the browser tests drive Debian's chromium).");
        }

        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in a container has no user namespace for chromium's sandbox; /dev/shm is small in containers.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
        return new Browser(playwright, chromium);
    }

    /// <summary>A fresh context (own cookies) and page, with generous timeouts for a loaded 2-core machine.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        context.SetDefaultTimeout(30_000);
        lock (open)
        {
            open.Add(context);
        }

        return await context.NewPageAsync();
    }

    /// <summary>
    /// Closes every page opened so far: a page left open keeps its live streams re-rendering, and a later test would share
    /// the two cores with all of them.
    /// </summary>
    public async Task ClosePagesAsync()
    {
        IBrowserContext[] contexts;
        lock (open)
        {
            contexts = [.. open];
            open.Clear();
        }

        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        playwright.Dispose();
    }
}

/// <summary>A dashboard host and a browser shared by the tests of a collection.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public DashboardHost Host { get; private set; } = null!;

    public Browser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await DashboardHost.StartAsync();
        Browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardTestGroup : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
