namespace BigDL.Grains.Tests;

/// <summary>
/// The <c>vector</c> model type for multi-objective tests: each metric is a known function of the trial's <c>x</c> and
/// <c>y</c> (val_accuracy = x, latency_ms = y, val_loss = |x - 7| + |y - 3|, parameters = x + y), reported every epoch.
/// </summary>
public sealed class VectorObjective : ITrialObjective
{
    public const string Type = "vector";

    public string ModelType => Type;

    public static double Measure(string metric, double x, double y) => metric switch
    {
        "val_accuracy" => x,
        "latency_ms" => y,
        "val_loss" => Math.Abs(x - 7) + Math.Abs(y - 3),
        _ => x + y,
    };

    public async Task<TrialOutcome> RunAsync(TrialContext context, CancellationToken cancellationToken)
    {
        var (x, y) = (context.GetDouble("x", 0), context.GetDouble("y", 0));
        var values = context.Metrics.Select(m => Measure(m, x, y)).ToArray();
        for (var epoch = 1; epoch <= context.Spec.Epochs; epoch++)
        {
            if (await context.ReportValuesAsync(epoch, values))
            {
                return TrialOutcome.Pruned(values[0], epoch);
            }
        }

        return TrialOutcome.Complete(values);
    }
}
