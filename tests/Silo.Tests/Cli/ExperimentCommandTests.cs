using System.Globalization;
using BigDL.Compute.Data;
using BigDL.Compute.Serialization;

namespace BigDL.Silo.Tests.Cli;

[Collection(CliTests.Name)]
public sealed class ExperimentCommandTests(CliCluster cluster)
{
    [Fact]
    public async Task Submit_watch_list_show_export_and_predict_run_an_experiment_from_spec_to_predictions()
    {
        var spec = cluster.WriteFile("flow.json", CliCluster.Spec("cli-flow", trials: 3));

        var submitted = await cluster.RunAsync("experiment", "submit", spec);
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        Assert.Contains("submitted experiment cli-flow", submitted.Output);

        // Piped output: one line per trial event, then the totals and the best trial.
        var watched = await cluster.RunAsync("experiment", "watch", "cli-flow");
        Assert.True(watched.ExitCode == 0, watched.ToString());
        Assert.Contains("experiment cli-flow completed: 3 complete", watched.Output);
        Assert.Contains("best trial: #", watched.Output);
        Assert.Contains("trial #2 complete", watched.Output);

        var listed = await cluster.RunAsync("experiment", "list");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Matches(@"cli-flow\s+completed\s+3/3", listed.Output);

        var shown = await cluster.RunAsync("experiment", "show", "cli-flow");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("phase: completed (3 complete", shown.Output);
        Assert.Contains("hidden_units=", shown.Output);

        var models = await cluster.RunAsync("model", "list");
        Assert.True(models.ExitCode == 0, models.ToString());
        Assert.Contains("experiment cli-flow trial", models.Output);

        var exportPath = Path.Combine(cluster.Folder, "flow.safetensors");
        var exported = await cluster.RunAsync("model", "export", "cli-flow", "--output", exportPath);
        Assert.True(exported.ExitCode == 0, exported.ToString());
        var model = ModelSerializer.Load(exportPath);
        Assert.Equal(5, model.InputShapes[0][0]);

        // Exporting again over the file is refused, and the file is kept.
        var again = await cluster.RunAsync("model", "export", "cli-flow", "--output", exportPath);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error);
        Assert.Equal(5, ModelSerializer.Load(exportPath).InputShapes[0][0]);

        var ids = new[] { 17, 4, 99, 23, 8, 61, 42 };
        var random = new Random(9);
        var rows = ids.Select(id => string.Join(',', [id.ToString(CultureInfo.InvariantCulture), .. Enumerable.Range(0, 5).Select(_ => (random.NextDouble() * 2 - 1).ToString("R", CultureInfo.InvariantCulture))]));
        var input = cluster.WriteFile("flow-in.csv", "id,a,b,c,d,e\n" + string.Join('\n', rows) + "\n");
        var output = Path.Combine(cluster.Folder, "flow-out.csv");
        var predicted = await cluster.RunAsync("predict", "--model", "cli-flow", "--input", input, "--output", output, "--keep", "id");
        Assert.True(predicted.ExitCode == 0, predicted.ToString());
        Assert.Contains("wrote 7 predictions", predicted.Output);

        var frame = CsvSource.FromFile(output).Read();
        Assert.Equal(ids.Length, frame.RowCount);
        Assert.Equal(["row", "id", "prediction", "probability_0", "probability_1", "probability_2"], frame.ColumnNames);
        Assert.Equal(Enumerable.Range(0, ids.Length).Select(i => (double)i), frame.Numeric("row").Values.ToArray());
        Assert.Equal(ids.Select(i => (double)i), frame.Numeric("id").Values.ToArray());
        var expected = model.Predict(ExportedInputs(input));
        for (var r = 0; r < ids.Length; r++)
        {
            var logits = expected.Span.Slice(r * 3, 3);
            Assert.Equal(System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits), (int)frame.Numeric("prediction")[r]);
            Assert.Equal(1.0, frame.Numeric("probability_0")[r] + frame.Numeric("probability_1")[r] + frame.Numeric("probability_2")[r], 6);
        }
    }

    [Fact]
    public async Task Stop_cancels_a_running_experiment()
    {
        // Long enough (many slow trials, one at a time) that it is still running when stop comes.
        var spec = cluster.WriteFile("long.json", CliCluster.Spec("cli-long", trials: 200, epochs: 40, rows: 20_000, parallelism: 1));
        var submitted = await cluster.RunAsync("experiment", "submit", spec);
        Assert.True(submitted.ExitCode == 0, submitted.ToString());

        var stopped = await cluster.RunAsync("experiment", "stop", "cli-long");
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.Contains("experiment cli-long stopped", stopped.Output);

        var shown = await cluster.RunAsync("experiment", "show", "cli-long");
        Assert.Contains("phase: cancelled", shown.Output);

        // Watching a cancelled experiment ends at once, non-zero: it did not complete.
        var watched = await cluster.RunAsync("experiment", "watch", "cli-long");
        Assert.Equal(1, watched.ExitCode);
        Assert.Contains("experiment cli-long cancelled", watched.Output);
    }

    [Fact]
    public async Task Campaign_add_list_pause_and_resume_follow_the_schedule()
    {
        var spec = cluster.WriteFile("campaign.json", CliCluster.Spec("template", trials: 2));

        var added = await cluster.RunAsync("campaign", "add", "cli-nightly", "--cron", "0 0 3 * * ?", "--spec", spec);
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("next run", added.Output);

        var listed = await cluster.RunAsync("campaign", "list");
        Assert.Matches(@"cli-nightly\s+active\s+0 0 3 \* \* \?", listed.Output);

        var paused = await cluster.RunAsync("campaign", "pause", "cli-nightly");
        Assert.True(paused.ExitCode == 0, paused.ToString());
        Assert.Matches(@"cli-nightly\s+paused", (await cluster.RunAsync("campaign", "list")).Output);

        var resumed = await cluster.RunAsync("campaign", "resume", "cli-nightly");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Matches(@"cli-nightly\s+active", (await cluster.RunAsync("campaign", "list")).Output);

        var twice = await cluster.RunAsync("campaign", "add", "cli-nightly", "--cron", "0 0 3 * * ?", "--spec", spec);
        Assert.Equal(1, twice.ExitCode);

        var badCron = await cluster.RunAsync("campaign", "add", "cli-bad-cron", "--cron", "every night", "--spec", spec);
        Assert.Equal(1, badCron.ExitCode);
        Assert.Contains("--cron", badCron.Error);
        Assert.DoesNotContain("   at ", badCron.Error);

        var unknown = await cluster.RunAsync("campaign", "pause", "cli-no-such-campaign");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("does not exist", unknown.Error);
    }

    static Compute.Tensors.Tensor ExportedInputs(string csv)
    {
        var frame = CsvSource.FromFile(csv).Read();
        var names = new[] { "a", "b", "c", "d", "e" };
        var x = new Compute.Tensors.Tensor(frame.RowCount, names.Length);
        for (var r = 0; r < frame.RowCount; r++)
        {
            for (var c = 0; c < names.Length; c++)
            {
                x.Span[r * names.Length + c] = (float)frame.Numeric(names[c])[r];
            }
        }

        return x;
    }
}
