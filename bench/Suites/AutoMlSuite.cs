using System.Diagnostics;
using BigDL.Orleans.Compute.Losses;
using BigDL.Orleans.Compute.Metrics;
using BigDL.Orleans.Compute.Models;
using BigDL.Orleans.Compute.Optim;
using BigDL.Orleans.Compute.Training;
using BigDL.Orleans.Compute.Tuning;
using BigDL.Orleans.Compute.Tuning.Pruners;
using BigDL.Orleans.Compute.Tuning.Samplers;

namespace BigDL.Orleans.Bench.Suites;

/// <summary>
/// What pruning buys an MLP study: the same 60 random-sampled trials on generated classification data, trained epoch by
/// epoch as the trial grains do, with ASHA and without pruning; prints the wall-time speedup and the best validation
/// accuracy lost (in points).
/// </summary>
/// <remarks>
/// The random sampler's draws depend only on (seed, trial number), so both studies train the same configurations and
/// differ only in what ASHA stops. The study runs in-process through the tuning library's <see cref="Study"/>, one trial at a
/// time (the bench project does not reference the grains; the experiment grain drives the same pruner from the same
/// reports).
/// </remarks>
public sealed class AutoMlSuite : IBenchSuite
{
    static readonly int Trials = int.TryParse(Environment.GetEnvironmentVariable("BIGDL_AUTOML_TRIALS"), out var n) ? n : 60;

    // ASHA with min_resource 3 and reduction factor 3 has rungs at epochs 3, 9 and 27. With min_resource 1 (a rung at
    // epoch 1) it measured 8.3x faster but lost 1.7 accuracy points here: one epoch does not rank learning rates well.
    const int Epochs = 27;

    /// <inheritdoc/>
    public string Name => "automl";

    /// <inheritdoc/>
    public string Description => "60-trial MLP study with ASHA vs no pruning: wall-time speedup and best accuracy lost";

    /// <inheritdoc/>
    public Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        // Margin 0 keeps points near the class boundaries; with the default margin every study reaches 99.9% and ties.
        var train = SyntheticData.Classification(2000, 16, 4, seed: 1, margin: 0);
        var validation = SyntheticData.Classification(1000, 16, 4, seed: 2, margin: 0);

        // A throw-away run first, so JIT and tiering costs do not land on whichever study runs first.
        Run(new NopPruner(), train, validation, cancellationToken, trials: 3);
        var (fullSeconds, full) = Run(new NopPruner(), train, validation, cancellationToken);
        var (ashaSeconds, asha) = Run(new SuccessiveHalvingPruner(minResource: 3, reductionFactor: 3), train, validation, cancellationToken);

        var pruned = asha.Trials.Count(t => t.State == TrialState.Pruned);
        var epochsFull = full.Trials.Sum(t => t.IntermediateValues.Count);
        var epochsAsha = asha.Trials.Sum(t => t.IntermediateValues.Count);
        report.Line("asha-speedup", [
            ("speedup", fullSeconds / ashaSeconds),
            ("best_acc_delta_pts", (full.BestValue - asha.BestValue) * 100),
            ("trials", Trials),
            ("pruned", pruned),
            ("epochs_asha", epochsAsha),
            ("epochs_full", epochsFull),
            ("asha_s", ashaSeconds),
            ("full_s", fullSeconds),
            ("best_acc_asha", asha.BestValue),
            ("best_acc_full", full.BestValue),
        ]);
        return Task.CompletedTask;
    }

    static (double Seconds, Study Study) Run(IPruner pruner, Dataset train, Dataset validation, CancellationToken cancellationToken, int? trials = null)
    {
        var study = Study.Create(StudyDirection.Maximize, SamplerFactory.Create("random", seed: 42), pruner);
        var clock = Stopwatch.StartNew();
        study.Optimize(trial => Objective(trial, train, validation, cancellationToken), trials ?? Trials);
        return (clock.Elapsed.TotalSeconds, study);
    }

    static double Objective(Trial trial, Dataset train, Dataset validation, CancellationToken cancellationToken)
    {
        var learningRate = trial.SuggestFloat("learning_rate", 1e-4, 1e-1, log: true);
        var hidden = (int)trial.SuggestInt("hidden_units", 8, 128, log: true);
        var layers = (int)trial.SuggestInt("layers", 1, 3);
        var batchSize = trial.SuggestCategorical("batch_size", [32, 64, 128]);
        var model = Mlp.Classifier(16, [.. Enumerable.Repeat(hidden, layers)], 4).Build(seed: trial.Number);
        var trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(), new Adam((float)learningRate));
        var accuracy = 0.0;
        for (var epoch = 1; epoch <= Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fit = trainer.Fit(train, new FitOptions { Epochs = 1, BatchSize = batchSize, Seed = trial.Number * 10_007 + epoch, Validation = validation, Metrics = [new Accuracy()] });
            accuracy = fit.History.Count > 0 ? fit.History[0].Get("accuracy") ?? 0 : 0;
            trial.Report(accuracy, epoch);
            if (trial.ShouldPrune())
            {
                throw new TrialPrunedException();
            }
        }

        return accuracy;
    }
}
