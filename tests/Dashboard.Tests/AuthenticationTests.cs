using System.Net;
using Microsoft.Playwright;

namespace BigDL.Dashboard.Tests;

/// <summary>A dashboard started with an API key: every page and stream asks for it; the login form and assets do not.</summary>
[Collection(DashboardTestGroup.Name)]
public sealed class AuthenticationTests(DashboardFixture fixture) : BrowserTest(fixture)
{
    const string Key = "correct-horse-battery";
    DashboardHost host = null!;

    public override async Task InitializeAsync() => host = await DashboardHost.StartAsync(apiKey: Key, pathBase: "/dashboard");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task A_wrong_or_missing_key_is_refused_and_the_right_one_is_accepted()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        foreach (var path in new[] { "experiments", "cluster", "live/experiments", "models/any/1/download", "orleans/", "orleans/DashboardCounters", "metrics" })
        {
            using var none = await http.GetAsync(host.BaseUrl + path);
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            using var wrong = new HttpRequestMessage(HttpMethod.Get, host.BaseUrl + path) { Headers = { { "X-Api-Key", "wrong-key-12345" } } };
            using var refused = await http.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.DoesNotContain(Key, await refused.Content.ReadAsStringAsync());
        }

        using var right = new HttpRequestMessage(HttpMethod.Get, host.BaseUrl + "experiments") { Headers = { { "X-Api-Key", Key } } };
        using var accepted = await http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var asset = await http.GetAsync(host.BaseUrl + "assets/lib/echarts.min.js");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
    }

    [Fact]
    public async Task Orleans_dashboard_api_and_metrics_take_the_key_as_a_header_or_bearer_token()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var counters = new HttpRequestMessage(HttpMethod.Get, host.BaseUrl + "orleans/DashboardCounters") { Headers = { { "X-Api-Key", Key } } };
        using var answered = await http.SendAsync(counters);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("totalActiveHostCount", await answered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, host.BaseUrl + "metrics") { Headers = { Authorization = new("Bearer", "wrong-key-12345") } };
        using var refused = await http.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, host.BaseUrl + "metrics") { Headers = { Authorization = new("Bearer", Key) } };
        using var scraped = await http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.StartsWith("text/plain", scraped.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_browser_follows_the_cluster_page_to_the_Orleans_dashboard_under_the_path_base()
    {
        var page = await Fixture.Browser.NewPageAsync();
        var direct = await page.GotoAsync(host.BaseUrl + "orleans/");
        await page.WaitForURLAsync("**/dashboard/login?returnUrl=**");
        Assert.Equal(200, direct!.Status); // the login form, after the redirect

        await page.OpenAsync(host.BaseUrl + "cluster?key=" + Key);
        await page.ClickAsync("#orleans-dashboard");

        await page.WaitForURLAsync(host.BaseUrl + "orleans/");
        await OrleansDashboard.ExpectActiveSilosAsync(page, 1);
    }

    [Fact]
    public async Task A_browser_is_sent_to_the_login_form_which_refuses_a_wrong_key()
    {
        var page = await Fixture.Browser.NewPageAsync();
        var wrong = await page.GotoAsync(host.BaseUrl + "experiments?key=not-the-key");
        Assert.Equal(401, wrong!.Status);

        await page.GotoAsync(host.BaseUrl + "cluster");
        await page.WaitForURLAsync("**/dashboard/login?returnUrl=**");
        await page.FillAsync("#key", "not-the-key");
        await page.ClickAsync("#sign-in");
        var error = page.Locator(".field-error[data-field='key']");
        await error.WaitForAsync();
        Assert.Contains("wrong", await error.InnerTextAsync());
        await Browser.ScreenshotAsync(page, "login-refused");

        await page.FillAsync("#key", Key);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync("**/dashboard/cluster");
        await page.OpenAsync(host.BaseUrl + "experiments"); // the cookie carries the session
    }

    [Fact]
    public async Task A_key_in_the_address_once_signs_the_browser_in_and_leaves_the_address()
    {
        var page = await Fixture.Browser.NewPageAsync();
        await page.OpenAsync(host.BaseUrl + "experiments/new?key=" + Key);
        Assert.DoesNotContain("key=", page.Url);

        // The form rendered after the ?key= visit posts with the cookie alone, anti-forgery token and all.
        await page.FillAsync("#name", "keyed-study");
        await page.FillAsync("#trials", "0");
        await page.ClickAsync("#submit");
        await page.Locator(".field-error[data-field='budget.trials']").WaitForAsync();
        var cookies = await page.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Value.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_refused()
    {
        var page = await Fixture.Browser.NewPageAsync();
        await page.OpenAsync(host.BaseUrl + "experiments/new?key=" + Key);
        await page.EvaluateAsync("() => document.querySelector('input[name=__RequestVerificationToken]').remove()");
        await page.FillAsync("#name", "forged-study");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#submit"), r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        Assert.Null(await host.Client.GetGrain<BigDL.Grains.IExperimentGrain>("forged-study").GetSpec());
    }
}
