using BigDL.Grains;

namespace BigDL.Dashboard.Tests;

/// <summary>
/// The <c>paced</c> model type: reports <c>0.7 x + 0.3 y</c> (and, in a multi-objective study, the other metrics of
/// <see cref="Measure"/>) after each epoch, waiting <see cref="Pace"/> first, so a
/// browser sees trials start, report and finish one after another. Values climb over the epochs, so a threshold pruner
/// stops the trials of low <c>x</c> and <c>y</c> part-way.
/// </summary>
public sealed class PacedObjective : ITrialObjective
{
    public const string Type = "paced";

    public static TimeSpan Pace { get; set; } = TimeSpan.FromMilliseconds(40);

    public string ModelType => Type;

    public async Task<TrialOutcome> RunAsync(TrialContext context, CancellationToken cancellationToken)
    {
        var (x, y) = (context.GetDouble("x", 0), context.GetDouble("y", 0));
        var final = context.Metrics.Select(m => Measure(m, x, y)).ToArray();
        for (var epoch = 1; epoch <= context.Spec.Epochs; epoch++)
        {
            await Task.Delay(Pace, cancellationToken);
            // Values climb to the final ones, as a learning curve does.
            var share = (double)epoch / context.Spec.Epochs;
            if (await context.ReportValuesAsync(epoch, [.. final.Select(v => v * share)]))
            {
                return TrialOutcome.Pruned(final[0] * share, epoch);
            }
        }

        return final.Length == 1 ? TrialOutcome.Complete(final[0]) : TrialOutcome.Complete(final);
    }

    /// <summary>
    /// The metrics of a trial at (x, y): accuracy <c>0.7 x + 0.3 y</c>, and a latency of <c>10 y</c> ms that trades
    /// against it, so a study of both has a real Pareto front.
    /// </summary>
    public static double Measure(string metric, double x, double y) => metric switch
    {
        "latency_ms" => 10 * y,
        "parameters" => 100 * (x + y),
        _ => 0.7 * x + 0.3 * y,
    };
}
