using BigDL.Examples.Quickstart;
using BigDL.Grains;

namespace BigDL.Silo.Tests.Cli;

/// <summary>The SDK example in examples/Quickstart, run against a real silo process through its gateway.</summary>
[Collection(CliTests.Name)]
public sealed class QuickstartExampleTests(CliCluster cluster)
{
    [Fact]
    public async Task Quickstart_submits_watches_and_predicts_with_the_best_model()
    {
        using var log = new StringWriter();
        var result = await Quickstart.RunAsync(cluster.Gateway, CliCluster.ApiKey, "cli-quickstart", log);

        Assert.True(result.Status.Phase == ExperimentPhase.Completed, log.ToString());
        Assert.Equal(6, result.Status.Complete + result.Status.Pruned + result.Status.Failed);
        Assert.NotNull(result.Best);
        Assert.Contains($"best trial: #{result.Best.Number}", log.ToString());

        // Three classes: a model that learned nothing scores about a third on the new rows.
        Assert.NotNull(result.Accuracy);
        Assert.InRange(result.Accuracy.Value, 0.6, 1.0);
    }
}
