using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Samplers;

/// <summary>
/// Proposes parameter values for a trial from the study's history (Optuna's BaseSampler).
/// A sampler holds only its seed and options: every draw is a function of (seed, trial number, history), so a sampler
/// rebuilt after a restart proposes the same values and nothing needs persisting beyond the trials themselves.
/// </summary>
public interface ISampler
{
    /// <summary>The parameters to sample jointly in <see cref="SampleRelative"/> (often the intersection of past trials' spaces).</summary>
    IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(StudySnapshot study, FrozenTrial trial);

    /// <summary>Samples the relative search space jointly; returns internal-repr values (may be empty, e.g. during start-up).</summary>
    IReadOnlyDictionary<string, double> SampleRelative(StudySnapshot study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace);

    /// <summary>Samples one parameter outside the relative search space; returns its internal-repr value.</summary>
    double SampleIndependent(StudySnapshot study, FrozenTrial trial, string name, Distribution distribution);

    /// <summary>Called when a trial starts (no-op by default).</summary>
    void BeforeTrial(StudySnapshot study, FrozenTrial trial)
    {
    }

    /// <summary>Called when a trial finishes (no-op by default).</summary>
    void AfterTrial(StudySnapshot study, FrozenTrial trial)
    {
    }
}
