namespace BigDL.Silo.Tests.Cli;

[Collection(CliTests.Name)]
public sealed class DashboardCommandTests(CliCluster cluster)
{
    [Fact]
    public async Task Dashboard_serves_a_remote_cluster_through_its_gateway()
    {
        var model = await cluster.ModelAsync(); // an experiment and a model to show

        using var dashboard = SiloProcess.Start(
            cluster.Folder,
            new Dictionary<string, string> { ["BIGDL_API_KEY"] = CliCluster.ApiKey },
            "dashboard", "--gateway", cluster.Gateway, "--dashboard-port", "0");
        var url = await dashboard.WaitForLineAsync("dashboard: ", ProcessCluster.StartTimeout);

        using (var http = new HttpClient())
        {
            var experiments = await http.GetStringAsync(new Uri(new Uri(url), "experiments"));
            Assert.Contains(model, experiments);
            var models = await http.GetStringAsync(new Uri(new Uri(url), "models"));
            Assert.Contains($"experiment {model} trial", models);
        }

        dashboard.Interrupt();
        Assert.True(await dashboard.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the dashboard did not stop on Ctrl+C:\n" + dashboard.Output);
        Assert.Equal(0, dashboard.ExitCode);
    }

    [Fact]
    public async Task Dashboard_with_a_wrong_key_exits_non_zero_before_serving()
    {
        var result = await Bigdl.RunAsync(
            cluster.Folder,
            new Dictionary<string, string> { ["BIGDL_API_KEY"] = "not-the-key-0123456789" },
            "dashboard", "--gateway", cluster.Gateway, "--dashboard-port", "0");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("refused the API key", result.Error);
        Assert.DoesNotContain("dashboard: http", result.Output);
    }
}
