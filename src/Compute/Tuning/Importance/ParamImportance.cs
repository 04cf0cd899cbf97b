namespace BigDL.Compute.Tuning.Importance;

/// <summary>One parameter's importance: its share of the objective's variance, in [0, 1].</summary>
/// <param name="Name">The parameter.</param>
/// <param name="Importance">Its share; the shares of an evaluation sum to 1 unless every share is 0.</param>
public sealed record ParamImportance(string Name, double Importance);

/// <summary>Rates how much each parameter of a study explains its objective (Optuna's BaseImportanceEvaluator).</summary>
public interface IImportanceEvaluator
{
    /// <summary>
    /// Rates the parameters of the complete trials of <paramref name="study"/>, largest first. <paramref name="target"/>
    /// picks the value to explain (default: the first objective), as Optuna's <c>target</c> argument does.
    /// </summary>
    IReadOnlyList<ParamImportance> Evaluate(StudySnapshot study, Func<FrozenTrial, double>? target = null);
}
