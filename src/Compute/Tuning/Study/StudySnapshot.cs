using System.Collections.Immutable;

namespace BigDL.Compute.Tuning;

/// <summary>An immutable view of a study (directions and every trial so far) that samplers and pruners decide from.</summary>
/// <param name="Directions">One direction per objective.</param>
/// <param name="Trials">Every trial, ordered by number.</param>
public sealed record StudySnapshot(ImmutableArray<StudyDirection> Directions, ImmutableArray<FrozenTrial> Trials)
{
    /// <summary>The single objective's direction (the first one in a multi-objective study).</summary>
    public StudyDirection Direction => Directions[0];

    /// <summary>Whether the study has more than one objective.</summary>
    public bool IsMultiObjective => Directions.Length > 1;

    /// <summary>The trials in any of the given states, in number order.</summary>
    public IEnumerable<FrozenTrial> GetTrials(params TrialState[] states) =>
        states.Length == 0 ? Trials : Trials.Where(t => states.Contains(t.State));

    /// <summary>The complete trial with the best single objective value, or null when none is complete.</summary>
    public FrozenTrial? BestTrial
    {
        get
        {
            FrozenTrial? best = null;
            foreach (var t in Trials)
            {
                if (t.State != TrialState.Complete || t.Value is not { } v || double.IsNaN(v))
                {
                    continue;
                }

                if (best is null || (Direction == StudyDirection.Minimize ? v < best.Value!.Value : v > best.Value!.Value))
                {
                    best = t;
                }
            }

            return best;
        }
    }

    /// <summary>This study with one trial replaced (matched by number) or appended.</summary>
    public StudySnapshot WithTrial(FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        for (var i = Trials.Length - 1; i >= 0; i--)
        {
            if (Trials[i].Number == trial.Number)
            {
                return this with { Trials = Trials.SetItem(i, trial) };
            }
        }

        return this with { Trials = Trials.Add(trial) };
    }
}
