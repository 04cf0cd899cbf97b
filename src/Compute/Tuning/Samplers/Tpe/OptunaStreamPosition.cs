using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Samplers.Tpe;

/// <summary>
/// Where Optuna 3.1's two numpy streams stand when a trial asks TPE for a point, counted from the history:
/// <c>TPESampler._rng</c> and its start-up <c>RandomSampler._rng</c>, both <c>RandomState(seed)</c>.
/// </summary>
/// <remarks>
/// Optuna draws from one stream or the other in the order trials ask, so in a sequential study each stream's position
/// before a request is a function of the history. A start-up trial (fewer than n_startup_trials finished trials before
/// it) takes one draw per transformed column of each parameter from the random stream; multivariate TPE's relative
/// sampling draws nothing then. After start-up, multivariate TPE first samples the relative space (the intersection of
/// the finished trials' spaces) jointly at the trial's start: one kernel choice per candidate, then one uniform per
/// candidate and parameter, n_ei_candidates × (1 + |space|) from the TPE stream; each parameter outside that space then
/// takes 2 × n_ei_candidates (choice of kernels, then one uniform per truncated-normal draw), as every univariate TPE
/// parameter does. The count is only well defined when every earlier trial had finished before this one started, which
/// the history shows as: no other trial running and none numbered above this one. Anything else (parallel trials, a
/// seed numpy refuses) gets no position and the sampler keeps its per-trial <see cref="TuningRandom"/> streams. Trials
/// added from outside (warm starts) are counted as if sampled; Optuna draws nothing for them, so such studies match
/// Optuna's stream only up to that offset.
/// </remarks>
internal readonly record struct OptunaStreamPosition(bool Startup, long Draws)
{
    /// <summary>The stream and position for a parameter <paramref name="trial"/> samples independently, or null where the mapping is not well defined.</summary>
    public static OptunaStreamPosition? Find(StudySnapshot study, FrozenTrial trial, long seed, TpeOptions options) =>
        Count(study, trial, seed, options, includeOwnRelative: true);

    /// <summary>The position of <paramref name="trial"/>'s relative (multivariate) sample at its start, or null where the mapping is not well defined.</summary>
    public static OptunaStreamPosition? FindRelative(StudySnapshot study, FrozenTrial trial, long seed, TpeOptions options) =>
        options.Multivariate ? Count(study, trial, seed, options, includeOwnRelative: false) : null;

    static OptunaStreamPosition? Count(StudySnapshot study, FrozenTrial trial, long seed, TpeOptions options, bool includeOwnRelative)
    {
        if (!NumpyRandomState.IsValidSeed(seed))
        {
            return null;
        }

        var earlier = new List<FrozenTrial>();
        foreach (var t in study.Trials)
        {
            if (t.Number == trial.Number)
            {
                continue;
            }

            if (t.Number > trial.Number || !t.IsFinished)
            {
                return null;
            }

            earlier.Add(t);
        }

        earlier.Sort((a, b) => a.Number.CompareTo(b.Number));
        long startupDraws = 0, tpeDraws = 0;
        var observed = 0;

        // The relative space each trial saw at its start: the intersection over the complete and pruned trials before it.
        Dictionary<string, Distribution>? intersection = null;
        foreach (var t in earlier)
        {
            var startup = observed < options.NStartupTrials;
            var relative = RelativeSpace(intersection, options);
            tpeDraws += RelativeDraws(startup, relative, options);
            CountIndependent(t, startup, relative, options, ref startupDraws, ref tpeDraws);
            if (ObservationSplit.IsFinishedObservation(study, t))
            {
                observed++;
            }

            intersection = Intersect(intersection, t);
        }

        var own = observed < options.NStartupTrials;
        var ownRelative = RelativeSpace(intersection, options);
        if (includeOwnRelative)
        {
            tpeDraws += RelativeDraws(own, ownRelative, options);
        }

        // Parameters this trial already drew independently (the one asked for now is not among them yet).
        CountIndependent(trial, own, ownRelative, options, ref startupDraws, ref tpeDraws);
        return new OptunaStreamPosition(own, own ? startupDraws : tpeDraws);
    }

    static Dictionary<string, Distribution> RelativeSpace(Dictionary<string, Distribution>? intersection, TpeOptions options) =>
        options.Multivariate && intersection is not null
            ? intersection.Where(kv => !kv.Value.IsSingle).ToDictionary(kv => kv.Key, kv => kv.Value)
            : [];

    static long RelativeDraws(bool startup, Dictionary<string, Distribution> relative, TpeOptions options) =>
        startup || relative.Count == 0 ? 0 : (long)options.NEiCandidates * (1 + relative.Count);

    static Dictionary<string, Distribution>? Intersect(Dictionary<string, Distribution>? intersection, FrozenTrial t)
    {
        // Optuna's IntersectionSearchSpace(include_pruned=True) skips failed trials as well as running ones.
        if (t.State is not (TrialState.Complete or TrialState.Pruned))
        {
            return intersection;
        }

        return intersection is null
            ? new Dictionary<string, Distribution>(t.Distributions)
            : intersection.Where(kv => t.Distributions.TryGetValue(kv.Key, out var d) && d.Equals(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    static void CountIndependent(FrozenTrial t, bool startup, Dictionary<string, Distribution> relative, TpeOptions options, ref long startupDraws, ref long tpeDraws)
    {
        foreach (var (name, d) in t.Distributions)
        {
            // Optuna never asks the sampler for a single-valued parameter, and a relative one came from the joint sample.
            if (d.IsSingle || (!startup && relative.TryGetValue(name, out var r) && r.Equals(d)))
            {
                continue;
            }

            if (startup)
            {
                startupDraws += SearchSpaceTransform.Columns(d);
            }
            else
            {
                tpeDraws += 2L * options.NEiCandidates;
            }
        }
    }
}
