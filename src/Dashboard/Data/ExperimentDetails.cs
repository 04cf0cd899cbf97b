using System.Collections.Immutable;
using BigDL.Grains;

namespace BigDL.Dashboard.Data;

/// <summary>Everything the experiment page shows: status, spec, trials, best trial (or Pareto front) and parameter importance.</summary>
internal sealed record ExperimentDetails(
    ExperimentSummary Summary,
    ImmutableArray<TrialInfo> Trials,
    TrialInfo? Best,
    ImmutableArray<TrialInfo> ParetoFront,
    ImmutableArray<ParameterImportance> Importance,
    IReadOnlyList<SearchParameter> Parameters)
{
    public ExperimentStatus Status => Summary.Status;

    public ExperimentSpec? Spec => Summary.Spec;

    /// <summary>Gets whether the (first) objective is maximized rather than minimized.</summary>
    public bool Maximize => Objectives.IsEmpty || Objectives[0].Direction == ObjectiveDirection.Maximize;

    /// <summary>Gets the study's objectives: one for a single-objective study.</summary>
    public ImmutableArray<ObjectiveSpec> Objectives => Spec?.GetObjectives() ?? [];

    public bool IsMultiObjective => Objectives.Length > 1;

    /// <summary>A trial's value of objective <paramref name="objective"/>, or null.</summary>
    public static double? ValueOf(TrialInfo trial, int objective) =>
        objective < trial.Values.Length ? trial.Values[objective] : objective == 0 ? trial.Value : null;

    public static async Task<ExperimentDetails> LoadAsync(IClusterClient client, string name)
    {
        var grain = client.GetGrain<IExperimentGrain>(name);
        var summary = ExperimentSummary.LoadAsync(client, name);
        var trials = grain.GetTrials();
        var best = grain.GetBestTrial();
        var front = grain.GetBestTrials();
        var importance = grain.GetParameterImportance();
        var s = await summary;
        var t = await trials;
        return new ExperimentDetails(s, t, await best, await front, await importance, SearchParameter.Read(s.Spec?.SearchSpace, t));
    }

    /// <summary>The trials passing <paramref name="state"/> (a <see cref="TrialStatus"/> name, or empty for all), sorted by <paramref name="sort"/>.</summary>
    public IEnumerable<TrialInfo> Select(string? state, string? sort, bool descending)
    {
        IEnumerable<TrialInfo> rows = Trials;
        if (Enum.TryParse<TrialStatus>(state, ignoreCase: true, out var wanted))
        {
            rows = rows.Where(t => t.Status == wanted);
        }

        Func<TrialInfo, IComparable?> key = sort switch
        {
            "value" => t => t.Value,
            "state" => t => t.Status.ToString(),
            "epochs" => t => t.IntermediateValues.Length,
            { } p when p.StartsWith("param:", StringComparison.Ordinal) => t => t.Params.TryGetValue(p[6..], out var v) ? v as IComparable ?? v?.ToString() : null,
            _ => t => t.Number,
        };

        // Trials without a value (running, failed) sort last either way.
        var present = rows.Where(t => key(t) is not null);
        var missing = rows.Where(t => key(t) is null);
        var ordered = descending ? present.OrderByDescending(key) : present.OrderBy(key);
        return ordered.Concat(missing);
    }
}
