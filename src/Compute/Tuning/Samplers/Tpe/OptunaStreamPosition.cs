namespace BigDL.Orleans.Compute.Tuning.Samplers.Tpe;

/// <summary>
/// Where Optuna 3.1's two numpy streams stand when a trial asks univariate TPE for a parameter, counted from the history:
/// <c>TPESampler._rng</c> and its start-up <c>RandomSampler._rng</c>, both <c>RandomState(seed)</c>.
/// </summary>
/// <remarks>
/// Optuna draws from one stream or the other per parameter in the order trials ask, so in a sequential study each
/// stream's position before a request is a function of the history: a start-up parameter (fewer than n_startup_trials
/// finished trials before its trial) takes one draw per transformed column from the random stream, a TPE parameter
/// takes 2 × n_ei_candidates from the TPE stream (choice of kernels, then one uniform per truncated-normal draw). The
/// count is only well defined when every earlier trial had finished before this one started, which the history shows
/// as: no other trial running and none numbered above this one. Anything else (parallel trials, a seed numpy refuses)
/// gets no position and the sampler keeps its per-trial <see cref="TuningRandom"/> streams. Trials added from outside
/// (warm starts) are counted as if sampled; Optuna draws nothing for them, so such studies match Optuna's stream
/// only up to that offset.
/// </remarks>
internal readonly record struct OptunaStreamPosition(bool Startup, long Draws)
{
    /// <summary>The stream and position for a parameter of <paramref name="trial"/>, or null where the mapping is not well defined.</summary>
    public static OptunaStreamPosition? Find(StudySnapshot study, FrozenTrial trial, long seed, TpeOptions options)
    {
        if (options.Multivariate || !NumpyRandomState.IsValidSeed(seed))
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
        foreach (var t in earlier)
        {
            Count(t, observed < options.NStartupTrials, options, ref startupDraws, ref tpeDraws);
            if (ObservationSplit.IsFinishedObservation(study, t))
            {
                observed++;
            }
        }

        // Parameters this trial already drew (the one asked for now is not among them yet).
        var startup = observed < options.NStartupTrials;
        Count(trial, startup, options, ref startupDraws, ref tpeDraws);
        return new OptunaStreamPosition(startup, startup ? startupDraws : tpeDraws);
    }

    static void Count(FrozenTrial t, bool startup, TpeOptions options, ref long startupDraws, ref long tpeDraws)
    {
        foreach (var d in t.Distributions.Values)
        {
            // Optuna never asks the sampler for a single-valued parameter.
            if (d.IsSingle)
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
