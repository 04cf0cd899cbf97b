using BigDL.Grains;

namespace BigDL.Dashboard.Tests;

[Collection(DashboardTestGroup.Name)]
public sealed class ExperimentPagesTests(DashboardFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Experiments_page_lists_status_progress_best_value_sampler_and_pruner()
    {
        var status = await Studies.RunAsync(Fixture.Host.Client, Studies.Paced("listed-study", trials: 4, pruner: """{"type":"median"}"""));
        var page = await Fixture.Browser.NewPageAsync();

        await page.OpenAsync(Fixture.Host.BaseUrl + "experiments");

        var row = page.Locator("#experiments tr[data-experiment='listed-study']");
        var cells = await row.Locator("td").AllInnerTextsAsync();
        Assert.Equal("listed-study", cells[0]);
        Assert.Equal("Completed", cells[1]);
        Assert.Contains("4 / 4", cells[2]);
        Assert.Equal(status.BestValue!.Value.ToString("G5", System.Globalization.CultureInfo.InvariantCulture), cells[3]);
        Assert.EndsWith("UTC", cells[5]);
        Assert.EndsWith("UTC", cells[6]);
        Assert.Equal("random", cells[7]);
        Assert.Equal("median", cells[8]);
        await Browser.ScreenshotAsync(page, "experiments");
    }

    [Fact]
    public async Task Experiment_page_charts_draw_one_point_per_trial_and_show_pruned_learning_curves()
    {
        var client = Fixture.Host.Client;
        await Studies.RunAsync(client, Studies.Paced("charted-study", trials: 8, parallelism: 3, pruner: Studies.ThresholdPruner));
        var trials = await client.GetGrain<IExperimentGrain>("charted-study").GetTrials();
        var complete = trials.Count(t => t.Status == TrialStatus.Complete);
        var pruned = trials.Count(t => t.Status == TrialStatus.Pruned);
        Assert.True(pruned > 0 && complete > 1, "the study needs both pruned and complete trials for this test");
        var page = await Fixture.Browser.NewPageAsync();

        await page.OpenAsync(Fixture.Host.BaseUrl + "experiments/charted-study");

        Assert.Equal(complete, await page.ChartPointsAsync("history"));
        Assert.Equal(complete, await page.ChartPointsAsync("history", series: 1)); // best so far, one step per complete trial
        Assert.Equal(complete, await page.ChartPointsAsync("parallel"));
        Assert.Equal(trials.Count(t => t.IntermediateValues.Length > 0), await page.ChartSeriesAsync("intermediate"));
        Assert.Equal(pruned, await page.EvaluateAsync<int>(
            "() => echarts.getInstanceByDom(document.getElementById('intermediate')).getOption().series.filter(s => s.name.endsWith('(pruned)')).length"));
        var importance = await client.GetGrain<IExperimentGrain>("charted-study").GetParameterImportance();
        Assert.True(importance.Length == 2, $"importance of x and y expected, got [{string.Join(", ", importance)}] from trials {string.Join("; ", trials.Select(t => $"{t.Status} {t.Value}"))}");
        Assert.Equal(2, await page.ChartPointsAsync("importance"));
        Assert.Equal(trials.Length, await page.Locator("#trials tbody tr").CountAsync());
        var best = await client.GetGrain<IExperimentGrain>("charted-study").GetBestTrial();
        Assert.Equal(2, await page.Locator("#best-params tr").CountAsync());
        Assert.Contains($"trial #{best!.Number}", await page.InnerTextAsync("h2:has-text('Best parameters')"));
        await Browser.ScreenshotAsync(page, "experiment");
    }

    [Fact]
    public async Task Multi_objective_experiment_page_draws_its_pareto_front()
    {
        var client = Fixture.Host.Client;
        var spec = Studies.Paced("pareto-study", trials: 10, parallelism: 3) with
        {
            Objectives = [new ObjectiveSpec("val_accuracy", ObjectiveDirection.Maximize), new ObjectiveSpec("latency_ms", ObjectiveDirection.Minimize)],
        };
        await Studies.RunAsync(client, spec);
        var grain = client.GetGrain<IExperimentGrain>("pareto-study");
        var front = await grain.GetBestTrials();
        var complete = (await grain.GetTrials()).Count(t => t.Status == TrialStatus.Complete);
        Assert.True(front.Length > 1, "accuracy and latency trade off, so the front holds several trials");
        var page = await Fixture.Browser.NewPageAsync();

        await page.OpenAsync(Fixture.Host.BaseUrl + "experiments/pareto-study");

        Assert.Equal(front.Length, await page.ChartPointsAsync("pareto"));
        Assert.Equal(complete - front.Length, await page.ChartPointsAsync("pareto", series: 1));
        Assert.Equal(front.Select(t => t.Number), await page.Locator("#pareto-trials tbody tr").EvaluateAllAsync<int[]>("rows => rows.map(r => Number(r.dataset.trial))"));
        Assert.Equal($"{front.Length}", await page.InnerTextAsync("#pareto-size"));
        Assert.Equal(1, await page.ChartSeriesAsync("history")); // no single best value to follow
        await Browser.ScreenshotAsync(page, "experiment-pareto");
    }

    [Fact]
    public async Task Trials_table_filters_by_state_and_sorts_by_value()
    {
        var client = Fixture.Host.Client;
        await Studies.RunAsync(client, Studies.Paced("sorted-study", trials: 8, parallelism: 3, pruner: Studies.ThresholdPruner));
        var trials = await client.GetGrain<IExperimentGrain>("sorted-study").GetTrials();
        var page = await Fixture.Browser.NewPageAsync();
        await page.OpenAsync(Fixture.Host.BaseUrl + "experiments/sorted-study");

        await page.ClickAsync("[data-filter='pruned']");
        await page.WaitForURLAsync("**state=pruned**");
        var states = await page.Locator("#trials tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.state)");
        Assert.NotEmpty(states);
        Assert.Equal(trials.Count(t => t.Status == TrialStatus.Pruned), states.Length);
        Assert.All(states, s => Assert.Equal("Pruned", s));

        // Each click navigates: wait for its page before the next click, or the click lands on the page being left
        // (whose links still carry the old filter or sort order) and the last navigation never comes.
        await page.ClickAsync("[data-filter='all']");
        await page.WaitForURLAsync(url => !url.Contains("state=pruned", StringComparison.Ordinal));
        await page.ClickAsync("#trials th a:has-text('Value')"); // ascending
        await page.WaitForURLAsync("**dir=asc**");
        await page.ClickAsync("#trials th a:has-text('Value')"); // descending
        await page.WaitForURLAsync("**dir=desc**");
        var numbers = await page.Locator("#trials tbody tr").EvaluateAllAsync<int[]>("rows => rows.map(r => Number(r.dataset.trial))");
        var expected = trials.Where(t => t.Value is not null).OrderByDescending(t => t.Value).Select(t => t.Number)
            .Concat(trials.Where(t => t.Value is null).Select(t => t.Number));
        Assert.Equal(expected, numbers);
    }

    [Fact]
    public async Task Pause_resume_and_stop_change_the_experiment_phase()
    {
        var client = Fixture.Host.Client;
        var grain = client.GetGrain<IExperimentGrain>("steered-study");
        await grain.Start(Studies.Paced("steered-study", trials: 500, parallelism: 1, epochs: 20));
        var page = await Fixture.Browser.NewPageAsync();
        await page.OpenAsync(Fixture.Host.BaseUrl + "experiments/steered-study");

        await page.ClickAsync("#pause");
        await page.WaitForSelectorAsync("#resume");
        Assert.Equal(ExperimentPhase.Paused, (await grain.GetStatus()).Phase);
        Assert.Equal("Paused", await page.InnerTextAsync("#phase"));

        await page.ClickAsync("#resume");
        await page.WaitForSelectorAsync("#pause");
        Assert.Equal(ExperimentPhase.Running, (await grain.GetStatus()).Phase);

        await page.ClickAsync("#stop");
        await page.WaitUntilAsync("() => document.getElementById('phase')?.textContent === 'Cancelled'");
        Assert.Equal(ExperimentPhase.Cancelled, (await grain.GetStatus()).Phase);
        Assert.Equal(0, await page.Locator("#pause, #resume, #stop").CountAsync());
    }
}
