using BigDL.Compute.Data;

namespace BigDL.Silo.Tests.Cli;

public sealed class DemoCommandTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("bigdl-demo-").FullName;

    [Fact]
    public async Task Demo_runs_an_experiment_to_its_best_trial_predicts_and_serves_the_dashboard_until_ctrl_c()
    {
        using var demo = SiloProcess.Start(folder, "demo", "--trials", "3", "--dashboard-port", "0");
        var best = await demo.WaitForLineAsync("best trial: #", Bigdl.Timeout);
        Assert.Matches(@"^\d+ val_accuracy=0\.\d+ \(batch_size=", best);
        await demo.WaitForOutputAsync("serving the dashboard until Ctrl+C", TimeSpan.FromMinutes(1));

        // The experiment's page is served at the address printed last.
        var url = (await demo.WaitForLineAsync("dashboard: ", TimeSpan.FromSeconds(5))).Split(' ')[0];
        var experiment = demo.Output.Split('\n').Last(l => l.StartsWith("dashboard: ", StringComparison.Ordinal))["dashboard: ".Length..].Trim();
        using (var http = new HttpClient())
        {
            var page = await http.GetStringAsync(new Uri(experiment));
            Assert.Contains(experiment[(experiment.LastIndexOf('/') + 1)..], page);
            Assert.StartsWith(url, experiment, StringComparison.Ordinal);
        }

        // The generated data, the spec it submitted, and the best model's predictions for every new row, in order.
        var predictions = CsvSource.FromFile(Path.Combine(folder, "bigdl-demo", "predictions.csv")).Read();
        var fresh = CsvSource.FromFile(Path.Combine(folder, "bigdl-demo", "new.csv")).Read();
        Assert.Equal(fresh.RowCount, predictions.RowCount);
        Assert.Equal(fresh.Numeric("label").Values.ToArray(), predictions.Numeric("label").Values.ToArray());
        Assert.True(File.Exists(Path.Combine(folder, "bigdl-demo", "train.csv")));
        Assert.Contains("\"replicas\"", File.ReadAllText(Path.Combine(folder, "bigdl-demo", "spec.json")));
        Assert.True(File.Exists(Path.Combine(folder, "bigdl.db")), "the demo's silo did not use the embedded SQLite store");

        demo.Interrupt();
        Assert.True(await demo.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the demo did not stop on Ctrl+C:\n" + demo.Output);
        Assert.Equal(0, demo.ExitCode);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process that is exiting.
        }
    }
}
