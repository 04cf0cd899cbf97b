using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.Pruners;
using BigDL.Compute.Tuning.Samplers;
using BigDL.Compute.Tuning.Spec;

namespace BigDL.Compute.Tests.Tuning;

/// <summary>The flow an experiment grain runs: spec, sampler and pruner over stored snapshots only, no Study object.</summary>
public class SnapshotDrivenFlowTests
{
    const string Spec = """
        { "parameters": [
          { "name": "lr", "type": "float", "low": 1e-4, "high": 1, "log": true },
          { "name": "optimizer", "type": "categorical", "choices": ["adam", "sgd"] },
          { "name": "momentum", "type": "float", "low": 0, "high": 0.9, "condition": { "parent": "optimizer", "values": ["sgd"] } } ] }
        """;

    [Theory]
    [InlineData("auto")]
    [InlineData("tpe")]
    public void An_experiment_runs_from_snapshots_with_pruning_and_finds_a_good_learning_rate(string samplerName)
    {
        var spec = SearchSpaceSpec.Parse(Spec);
        var sampler = SamplerFactory.Create(samplerName, seed: 4);
        var pruner = new MedianPruner(nStartupTrials: 5);
        var study = new StudySnapshot([StudyDirection.Minimize], []);
        for (var n = 0; n < 40; n++)
        {
            var running = FrozenTrial.CreateRunning(n);
            study = study.WithTrial(running);
            var (p, withParams) = spec.Sample(sampler, study, running);
            study = study.WithTrial(withParams);

            var lr = (double)p["lr"]!;
            var state = TrialState.Complete;
            var loss = 0.0;
            for (var epoch = 0; epoch < 5; epoch++)
            {
                loss = (Math.Abs(Math.Log10(lr) + 2) + ((string)p["optimizer"]! == "sgd" ? 0.5 : 0)) / (epoch + 1);
                var reported = study.Trials[n].WithIntermediate(epoch, loss);
                study = study.WithTrial(reported);
                if (pruner.Prune(study, reported))
                {
                    state = TrialState.Pruned;
                    break;
                }
            }

            study = study.WithTrial(study.Trials[n] with { State = state, Values = state == TrialState.Complete ? [loss] : [] });
        }

        Assert.Contains(study.Trials, t => t.State == TrialState.Pruned);
        Assert.True(study.BestTrial!.Value < 0.03, $"best {study.BestTrial.Value}");
    }
}
