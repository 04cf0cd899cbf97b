using System.Net;
using Microsoft.Playwright;

namespace BigDL.Orleans.Dashboard.Tests;

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
        foreach (var path in new[] { "experiments", "cluster", "live/experiments", "models/any/1/download" })
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
        Assert.Null(await host.Client.GetGrain<BigDL.Orleans.Grains.IExperimentGrain>("forged-study").GetSpec());
    }
}
