using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning;

/// <summary>A running trial handed out by <see cref="Study.Ask"/>: suggests parameters, reports intermediate values, asks to prune.</summary>
public sealed class Trial
{
    readonly Study _study;
    readonly IReadOnlyDictionary<string, Distribution> _relativeSpace;
    readonly IReadOnlyDictionary<string, double> _relativeParams;

    internal Trial(Study study, int number, IReadOnlyDictionary<string, Distribution> relativeSpace, IReadOnlyDictionary<string, double> relativeParams)
    {
        _study = study;
        Number = number;
        _relativeSpace = relativeSpace;
        _relativeParams = relativeParams;
    }

    /// <summary>The trial's number in its study.</summary>
    public int Number { get; }

    /// <summary>The trial's current snapshot.</summary>
    public FrozenTrial Snapshot => _study.TrialSnapshot(Number);

    /// <summary>Suggests a float in [low, high], log-uniform when <paramref name="log"/>, on a grid when <paramref name="step"/> is set.</summary>
    public double SuggestFloat(string name, double low, double high, double? step = null, bool log = false) =>
        (double)Suggest(name, new FloatDistribution(low, high, log, step))!;

    /// <summary>Suggests an integer in [low, high], log-uniform when <paramref name="log"/>, on a grid of <paramref name="step"/>.</summary>
    public long SuggestInt(string name, long low, long high, long step = 1, bool log = false) =>
        (long)Suggest(name, new IntDistribution(low, high, log, step))!;

    /// <summary>Suggests one of <paramref name="choices"/>.</summary>
    public T SuggestCategorical<T>(string name, IReadOnlyList<T> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return (T)Suggest(name, new CategoricalDistribution(choices.Cast<object?>()))!;
    }

    /// <summary>Suggests a value of any distribution; returns the user-facing value. Asking again for a name returns the same value.</summary>
    public object? Suggest(string name, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(distribution);
        return _study.SuggestFor(Number, name, distribution, _relativeSpace, _relativeParams);
    }

    /// <summary>Reports the objective's value at a step (epoch); a second report at the same step is ignored.</summary>
    public void Report(double value, int step) => _study.ReportFor(Number, value, step);

    /// <summary>Whether the study's pruner says to stop this trial now.</summary>
    public bool ShouldPrune() => _study.ShouldPruneFor(Number);
}
