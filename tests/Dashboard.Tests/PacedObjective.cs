using BigDL.Orleans.Grains;

namespace BigDL.Orleans.Dashboard.Tests;

/// <summary>
/// The <c>paced</c> model type: reports <c>0.7 x + 0.3 y</c> after each epoch, waiting <see cref="Pace"/> first, so a
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
        var value = 0.7 * context.GetDouble("x", 0) + 0.3 * context.GetDouble("y", 0);
        for (var epoch = 1; epoch <= context.Spec.Epochs; epoch++)
        {
            await Task.Delay(Pace, cancellationToken);
            // Values climb to the final one, as a learning curve does.
            if (await context.ReportAsync(epoch, value * epoch / context.Spec.Epochs))
            {
                return TrialOutcome.Pruned(value * epoch / context.Spec.Epochs, epoch);
            }
        }

        return TrialOutcome.Complete(value);
    }
}
