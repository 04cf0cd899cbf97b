using BigDL.Compute.Tuning.Distributions;
using BigDL.Compute.Tuning.Samplers.Gp;
using BigDL.Compute.Tuning.Samplers.Tpe;

namespace BigDL.Compute.Tuning.Samplers;

/// <summary>
/// The default sampler: GP-EI while the space is small, numeric, unconditional and single-objective and the history
/// short (where a GP is far more sample-efficient than TPE); otherwise multivariate TPE with constant liar, which copes
/// with categorical and conditional parameters and costs little per trial. The choice is a function of the history.
/// </summary>
public sealed class AutoSampler : ISampler
{
    /// <summary>Above this many numeric parameters the GP hands over to TPE.</summary>
    public const int MaxGpDimensions = 12;

    /// <summary>Above this many finished trials the GP (cubic in trials) hands over to TPE.</summary>
    public const int MaxGpTrials = 300;

    readonly GpSampler _gp;
    readonly TpeSampler _tpe;

    /// <summary>Creates the sampler from a seed.</summary>
    public AutoSampler(long seed = 0)
    {
        _gp = new GpSampler(seed);
        _tpe = new TpeSampler(seed, new TpeOptions { Multivariate = true, ConstantLiar = true });
    }

    /// <summary>The sampler the history calls for: GP-EI or TPE.</summary>
    public ISampler Choose(StudySnapshot study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (study.IsMultiObjective || study.Trials.Count(t => t.IsFinished) > MaxGpTrials)
        {
            return _tpe;
        }

        var finished = study.Trials.Where(t => t.State == TrialState.Complete).ToList();
        if (finished.Count == 0)
        {
            return _gp;
        }

        // Conditional spaces show up as parameters that some trials have and others lack.
        var union = finished.SelectMany(t => t.Distributions).GroupBy(kv => kv.Key).ToList();
        var conditional = union.Any(g => g.Count() != finished.Count || g.Select(kv => kv.Value).Distinct().Count() > 1);
        var categorical = union.Any(g => g.First().Value is CategoricalDistribution { IsSingle: false });
        return conditional || categorical || union.Count > MaxGpDimensions ? _tpe : _gp;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(StudySnapshot study, FrozenTrial trial) =>
        Choose(study).InferRelativeSearchSpace(study, trial);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(StudySnapshot study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace) =>
        Choose(study).SampleRelative(study, trial, searchSpace);

    /// <inheritdoc/>
    public double SampleIndependent(StudySnapshot study, FrozenTrial trial, string name, Distribution distribution) =>
        Choose(study).SampleIndependent(study, trial, name, distribution);
}
