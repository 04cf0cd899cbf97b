using BigDL.Grains;

namespace BigDL.Dashboard.Tests;

[Collection(DashboardTestGroup.Name)]
public sealed class NewExperimentTests(DashboardFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Submitted_experiment_appears_in_the_list_and_updates_live_without_a_reload()
    {
        var list = await Fixture.Browser.NewPageAsync();
        await list.OpenAsync(Fixture.Host.BaseUrl + "experiments");
        await list.MarkAsync();
        var form = await Fixture.Browser.NewPageAsync();
        await form.OpenAsync(Fixture.Host.BaseUrl + "experiments/new");
        await Browser.ScreenshotAsync(form, "new-experiment");

        await form.FillAsync("#name", "live-study");
        await form.FillAsync("#model-type", PacedObjective.Type);
        await form.FillAsync("#search-space", Studies.XYSpace);
        await form.SelectOptionAsync("#sampler", "random");
        await form.FillAsync("#pruner", "");
        await form.FillAsync("#trials", "6");
        await form.FillAsync("#parallelism", "2");
        await form.FillAsync("#epochs", "4");
        await form.ClickAsync("#submit");

        await form.WaitForURLAsync("**/experiments/live-study");
        await form.MarkAsync();
        // The list, opened before the submission, shows the new experiment and its completion by itself.
        await list.WaitUntilAsync("() => document.querySelector(\"#experiments tr[data-experiment='live-study'] .finished\")?.textContent === '6'");
        await list.AssertNotReloadedAsync();
        // The experiment page, opened while the study ran, follows it to the end.
        await form.WaitUntilAsync("() => document.getElementById('phase')?.textContent === 'Completed'");
        await form.AssertNotReloadedAsync();
        Assert.Equal(6, await form.ChartPointsAsync("history"));
        Assert.Equal(6, await form.Locator("#trials tbody tr").CountAsync());
        Assert.True(await form.EvaluateAsync<int>("() => Number(document.querySelector('[data-live]').dataset.updates || 0)") > 0, "no live update reached the page");
        var spec = await Fixture.Host.Client.GetGrain<IExperimentGrain>("live-study").GetSpec();
        Assert.Equal(6, spec!.Budget.Trials);
        Assert.Equal(4, spec.Epochs);
    }

    [Fact]
    public async Task A_bad_form_value_is_shown_next_to_its_field_and_starts_nothing()
    {
        var page = await Fixture.Browser.NewPageAsync();
        await page.OpenAsync(Fixture.Host.BaseUrl + "experiments/new");

        await page.FillAsync("#name", "bad-budget");
        await page.FillAsync("#trials", "0");
        await page.ClickAsync("#submit");

        var error = page.Locator(".field-error[data-field='budget.trials']");
        await error.WaitForAsync();
        Assert.Contains("at least 1", await error.InnerTextAsync());
        // Right after its field: the error sits next to the input it is about.
        Assert.Equal("trials", await error.EvaluateAsync<string>("e => e.previousElementSibling.id"));
        Assert.Equal("0", await page.InputValueAsync("#trials")); // the user's input is kept
        Assert.Null(await Fixture.Host.Client.GetGrain<IExperimentGrain>("bad-budget").GetSpec());
        await Browser.ScreenshotAsync(page, "new-experiment-error");

        await page.FillAsync("#trials", "5");
        await page.FillAsync("#search-space", """{"parameters": [{"name": "x", "type": "float", "low": 1, "high": 0}]}""");
        await page.ClickAsync("#submit");
        var spaceError = page.Locator(".field-error[data-field='searchSpace']");
        await spaceError.WaitForAsync();
        Assert.Equal(0, await page.Locator(".field-error[data-field='budget.trials']").CountAsync());

        await page.FillAsync("#search-space", Studies.XYSpace);
        await page.FillAsync("#replicas", "64"); // more than the form's default batch size of 32
        await page.ClickAsync("#submit");
        var replicasError = page.Locator(".field-error[data-field='model.batchSize']");
        await replicasError.WaitForAsync();
        Assert.Contains("smaller than model.replicas (64)", await replicasError.InnerTextAsync());

        await page.FillAsync("#replicas", "1");
        await page.FillAsync("#name", "");
        await page.ClickAsync("#submit");
        await page.Locator(".field-error[data-field='name']").WaitForAsync();
    }
}
