using BigDL.Compute.Models;
using BigDL.Compute.Serialization;
using BigDL.Grains;
using BigDL.TestHost;

namespace BigDL.Dashboard.Tests;

[Collection(DashboardTestGroup.Name)]
public sealed class TrainingAndCampaignPagesTests(DashboardFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Training_job_page_shows_throughput_loss_curve_and_each_replicas_step_time()
    {
        var job = Fixture.Host.Client.GetGrain<ITrainingJobGrain>("mlp-job");
        await job.Start(new TrainingJobSpec(
            ModelDescription.ToJson(Mlp.Classifier(8, [16], 3)), "softmax-cross-entropy", new OptimizerSpec("sgd", 0.1, Momentum: 0.9),
            new TrainingDataSpec("classification", Rows: 256, Features: 8, Classes: 3, Seed: 5, ValidationRows: 32),
            GlobalBatchSize: 64, Replicas: 2, Shards: 2, Epochs: 2, Seed: 11));
        var status = await Eventually.MatchesAsync(job.GetStatus, s => s.State != TrainingJobState.Running, "the training job ended");
        Assert.Equal(TrainingJobState.Completed, status.State);
        var page = await Fixture.Browser.NewPageAsync();

        await page.OpenAsync(Fixture.Host.BaseUrl + "training-jobs");
        Assert.Contains("Completed", await page.InnerTextAsync("#training-jobs tr[data-job='mlp-job']"));
        await Browser.ScreenshotAsync(page, "training-jobs");
        await page.ClickAsync("#training-jobs a:has-text('mlp-job')");
        await page.WaitForURLAsync("**/training-jobs/mlp-job");

        Assert.Equal(status.StepLosses.Length, await page.ChartPointsAsync("loss"));
        Assert.Equal(2, await page.ChartPointsAsync("replica-steps"));
        Assert.Equal(2, await page.ChartSeriesAsync("compute-sync"));
        Assert.True(double.Parse(await page.InnerTextAsync("#samples-per-second"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal($"{status.Step}", await page.InnerTextAsync("#job-step"));
        Assert.Equal(2, await page.Locator("#epochs tbody tr").CountAsync());
        await Browser.ScreenshotAsync(page, "training-job");
    }

    [Fact]
    public async Task A_data_parallel_trial_links_to_its_training_job_page()
    {
        var spec = new ExperimentSpec
        {
            Name = "dp-study",
            Dataset = new DatasetSpec { Rows = 256, Features = 4, Classes = 3, Seed = 1 },
            Model = new ModelSpec { BatchSize = 32, Replicas = 2 },
            SearchSpace = """{"parameters":[{"name":"learning_rate","type":"float","low":0.005,"high":0.05,"log":true}]}""",
            Sampler = "random",
            Budget = new BudgetSpec { Trials = 1 },
            Epochs = 2,
        };
        await Studies.RunAsync(Fixture.Host.Client, spec);
        var job = await Fixture.Host.Client.GetGrain<ITrainingJobGrain>(TrainingJobKeys.OfTrial("dp-study", 0, 1)).GetStatus();
        Assert.Equal(TrainingJobState.Completed, job.State);
        var page = await Fixture.Browser.NewPageAsync();

        await page.OpenAsync(Fixture.Host.BaseUrl + "experiments/dp-study");
        await page.ClickAsync("#trials tr[data-trial='0'] a.trial-job");
        await page.WaitForURLAsync("**/training-jobs/trial%2Fdp-study%2F0%2F1");

        Assert.Equal("trial/dp-study/0/1", await page.InnerTextAsync("h1 .name"));
        Assert.Equal(job.StepLosses.Length, await page.ChartPointsAsync("loss"));
        Assert.Equal(2, await page.ChartPointsAsync("replica-steps"));
        Assert.Equal(2, await page.Locator("#epochs tbody tr").CountAsync());
    }

    [Fact]
    public async Task Campaign_pages_show_schedule_next_run_history_and_pause_resume()
    {
        var campaign = Fixture.Host.Client.GetGrain<ICampaignGrain>("nightly");
        await campaign.Create(new CampaignSpec { Cron = "* * * * * ?", Experiment = Studies.Paced("nightly", trials: 2, epochs: 1) });
        await Eventually.MatchesAsync(campaign.GetHistory, h => h.Any(r => r.FinishedAt is not null), "a campaign run finished");
        var page = await Fixture.Browser.NewPageAsync();

        await page.OpenAsync(Fixture.Host.BaseUrl + "campaigns");
        var row = await page.InnerTextAsync("#campaigns tr[data-campaign='nightly']");
        Assert.Contains("* * * * * ?", row);
        Assert.Contains("Active", row);
        await Browser.ScreenshotAsync(page, "campaigns");

        await page.ClickAsync("#campaigns a:has-text('nightly')");
        await page.WaitForURLAsync("**/campaigns/nightly");
        await page.ClickAsync("#pause");
        await page.WaitForSelectorAsync("#resume");
        Assert.Equal(CampaignPhase.Paused, (await campaign.GetStatus()).Phase);
        Assert.Equal("–", await page.InnerTextAsync("#next-run")); // a paused campaign has no next run
        var history = await campaign.GetHistory();
        Assert.Equal(history.Length, await page.Locator("#history tbody tr").CountAsync());
        await Browser.ScreenshotAsync(page, "campaign");

        await page.ClickAsync("#resume");
        await page.WaitForSelectorAsync("#pause");
        Assert.Equal(CampaignPhase.Active, (await campaign.GetStatus()).Phase);
        Assert.EndsWith("UTC", await page.InnerTextAsync("#next-run"));
        await campaign.Pause(); // no more runs while the other tests run
    }
}
