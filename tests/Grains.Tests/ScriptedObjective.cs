using System.Collections.Concurrent;

namespace BigDL.Grains.Tests;

/// <summary>
/// The <c>scripted</c> model type: each epoch reports the trial's <c>x</c> parameter (so the pruner's view is known in
/// advance), and the behaviours below make chosen trials throw, return NaN, or wait until the silo stops.
/// </summary>
public sealed class ScriptedObjective : ITrialObjective
{
    public const string Type = "scripted";

    /// <summary>Trial numbers whose objective throws, by experiment.</summary>
    public static readonly ConcurrentDictionary<string, int[]> Throwing = new();

    /// <summary>Trial numbers whose objective returns NaN, by experiment.</summary>
    public static readonly ConcurrentDictionary<string, int[]> ReturningNaN = new();

    /// <summary>Trial numbers whose first run waits until cancelled (the silo stops), by experiment.</summary>
    public static readonly ConcurrentDictionary<string, int[]> Holding = new();

    /// <summary>The held runs that are waiting now or did wait, by "experiment/number".</summary>
    public static readonly ConcurrentDictionary<string, bool> Held = new();

    /// <summary>Runs that wait until the test completes their gate, by "experiment/number".</summary>
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    /// <summary>Trial numbers whose runs fail with SiloUnavailableException, as a grain call to a dead silo does, by experiment.</summary>
    public static readonly ConcurrentDictionary<string, int[]> LosingSilo = new();

    /// <summary>How many runs each trial had, by "experiment/number".</summary>
    public static readonly ConcurrentDictionary<string, int> Runs = new();

    public string ModelType => Type;

    /// <summary>
    /// Waits until the first runs of <paramref name="numbers"/> in <paramref name="experiment"/> are inside the objective:
    /// the experiment counts a trial as running from its start call, before the trial's run has begun.
    /// </summary>
    public static Task HeldAsync(string experiment, params int[] numbers) =>
        Eventually.MatchesAsync(
            () => Task.FromResult(numbers.Count(n => Held.ContainsKey($"{experiment}/{n}"))),
            held => held == numbers.Length,
            $"trials {string.Join(", ", numbers)} of {experiment} are held in their objective");

    public async Task<TrialOutcome> RunAsync(TrialContext context, CancellationToken cancellationToken)
    {
        var name = context.Spec.Name;
        var run = Runs.AddOrUpdate($"{name}/{context.Number}", 1, (_, n) => n + 1);
        if (run == 1 && Holding.TryGetValue(name, out var holding) && holding.Contains(context.Number))
        {
            Held[$"{name}/{context.Number}"] = true;
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (Gates.TryGetValue($"{name}/{context.Number}", out var gate))
        {
            Held[$"{name}/{context.Number}"] = true;
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Throwing.TryGetValue(name, out var throwing) && throwing.Contains(context.Number))
        {
            throw new InvalidOperationException($"scripted failure of trial {context.Number}");
        }

        if (LosingSilo.TryGetValue(name, out var losing) && losing.Contains(context.Number))
        {
            throw new Orleans.Runtime.SiloUnavailableException($"scripted silo loss of trial {context.Number}");
        }

        if (ReturningNaN.TryGetValue(name, out var nan) && nan.Contains(context.Number))
        {
            return TrialOutcome.Complete(double.NaN);
        }

        var x = context.GetDouble("x", 0);
        for (var epoch = 1; epoch <= context.Spec.Epochs; epoch++)
        {
            if (await context.ReportAsync(epoch, x))
            {
                return TrialOutcome.Pruned(x, epoch);
            }
        }

        return TrialOutcome.Complete(x);
    }
}
