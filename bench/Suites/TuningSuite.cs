using System.Diagnostics;
using System.Globalization;
using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.Samplers;

namespace BigDL.Bench.Suites;

/// <summary>
/// Sampler quality and cost on Branin, Hartmann3 and Rosenbrock4 (100 trials, 20 seeds): median regret and time per
/// trial for our random, TPE, multivariate TPE, GP and auto samplers beside Optuna 3.1's, run in the same invocation.
/// </summary>
public sealed class TuningSuite : IBenchSuite
{
    const int Trials = 100;
    static readonly int Seeds = int.TryParse(Environment.GetEnvironmentVariable("BIGDL_TUNING_SEEDS"), out var n) ? n : 20;

    static readonly double[,] H3A = { { 3.0, 10, 30 }, { 0.1, 10, 35 }, { 3.0, 10, 30 }, { 0.1, 10, 35 } };
    static readonly double[,] H3P = { { 0.3689, 0.1170, 0.2673 }, { 0.4699, 0.4387, 0.7470 }, { 0.1091, 0.8732, 0.5547 }, { 0.0381, 0.5743, 0.8828 } };
    static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];

    /// <inheritdoc/>
    public string Name => "tuning";

    /// <inheritdoc/>
    public string Description => "median regret and ms per trial of random/tpe/tpe-multivariate/gp/auto vs Optuna on branin, hartmann3, rosenbrock4";

    /// <inheritdoc/>
    public Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var functions = new (string Name, Func<Trial, double> F, double Optimum, int Parameters)[]
        {
            ("branin", Branin, 0.397887, 2),
            ("hartmann3", Hartmann3, -3.86278, 3),
            ("rosenbrock4", Rosenbrock4, 0.0, 4),
        };

        // Optuna runs first, alone, so neither side's timing suffers from the other on a small machine.
        // BIGDL_TUNING_SAMPLERS and BIGDL_TUNING_SEEDS narrow the run while developing; BIGDL_TUNING_PEER=0 skips Optuna.
        var samplers = Environment.GetEnvironmentVariable("BIGDL_TUNING_SAMPLERS")?.Split(',') ?? ["random", "tpe", "tpe-multivariate", "gp", "auto"];
        var why = "BIGDL_TUNING_PEER=0";
        var peerLines = Environment.GetEnvironmentVariable("BIGDL_TUNING_PEER") == "0"
            ? null
            : Peer.RunPython("optuna_functions.py", $"--trials {Trials} --seeds {Seeds}", TimeSpan.FromMinutes(6), out why);
        if (peerLines is null)
        {
            report.Note("Optuna peer did not run: " + why);
        }

        foreach (var sampler in samplers)
        {
            foreach (var (name, f, optimum, parameters) in functions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var regrets = new double[Seeds];
                var clock = Stopwatch.StartNew();
                for (var seed = 0; seed < Seeds; seed++)
                {
                    // The bench runs trials one at a time, as the Optuna script does, so constant liar has nothing to do.
                    var study = Study.Create(sampler: SamplerFactory.Create(sampler, seed, constantLiar: false));
                    study.Optimize(f, Trials);
                    regrets[seed] = study.BestValue - optimum;
                }

                var ms = clock.Elapsed.TotalMilliseconds / (Seeds * Trials);
                var peerSampler = sampler is "gp" or "auto" ? "tpe" : sampler;
                var peer = peerLines?.FirstOrDefault(l => l.StartsWith($"peer optuna {peerSampler} {name} ", StringComparison.Ordinal));
                var metrics = new List<(string, double)> { ("median_regret", Median(regrets)) };
                if (peer is not null)
                {
                    metrics.Add(("peer_median_regret", Peer.Metric(peer, "median_regret") ?? double.NaN));
                }

                metrics.Add(("ms_per_trial", ms));
                if (peer is not null)
                {
                    metrics.Add(("peer_ms_per_trial", Peer.Metric(peer, "ms_per_trial") ?? double.NaN));
                }

                report.Line($"{sampler}-{name}", metrics);

                // The line format rounds small regrets to 0; the note keeps four significant figures and the spread.
                var sorted = regrets.Order().ToArray();
                report.Note(string.Create(CultureInfo.InvariantCulture, $"{sampler}-{name} median_regret={Median(regrets):G4} p25={sorted[Seeds / 4]:G4} p75={sorted[(3 * Seeds) / 4]:G4} ms_per_suggestion={ms / parameters:0.000}{(peer is null ? "" : " peer: " + peer)}"));
            }
        }

        return Task.CompletedTask;
    }

    static double Median(double[] values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[(s.Length / 2) - 1] + s[s.Length / 2]);
    }

    static double Branin(Trial t)
    {
        var x = t.SuggestFloat("x", -5, 10);
        var y = t.SuggestFloat("y", 0, 15);
        var a = y - (5.1 / (4 * Math.PI * Math.PI) * x * x) + (5 / Math.PI * x) - 6;
        return (a * a) + (10 * (1 - (1 / (8 * Math.PI))) * Math.Cos(x)) + 10;
    }

    static double Hartmann3(Trial t)
    {
        var x = new double[3];
        for (var i = 0; i < 3; i++)
        {
            x[i] = t.SuggestFloat($"x{i}", 0, 1);
        }

        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var inner = 0.0;
            for (var j = 0; j < 3; j++)
            {
                inner += H3A[i, j] * (x[j] - H3P[i, j]) * (x[j] - H3P[i, j]);
            }

            sum += Alpha[i] * Math.Exp(-inner);
        }

        return -sum;
    }

    static double Rosenbrock4(Trial t)
    {
        var x = new double[4];
        for (var i = 0; i < 4; i++)
        {
            x[i] = t.SuggestFloat($"x{i}", -2.048, 2.048);
        }

        var sum = 0.0;
        for (var i = 0; i < 3; i++)
        {
            sum += (100 * Math.Pow(x[i + 1] - (x[i] * x[i]), 2)) + Math.Pow(1 - x[i], 2);
        }

        return sum;
    }
}
