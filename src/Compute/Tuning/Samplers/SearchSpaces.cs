using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Samplers;

/// <summary>Helpers shared by samplers: the intersection search space and uniform draws in a distribution.</summary>
public static class SearchSpaces
{
    /// <summary>
    /// The parameters present, with the same distribution, in every complete (and optionally pruned) trial; single-valued
    /// distributions are left out since there is nothing to sample. Sorted by name so the result is deterministic.
    /// </summary>
    public static SortedDictionary<string, Distribution> Intersection(StudySnapshot study, bool includePruned)
    {
        ArgumentNullException.ThrowIfNull(study);
        Dictionary<string, Distribution>? space = null;
        foreach (var t in study.Trials)
        {
            if (t.State != TrialState.Complete && !(includePruned && t.State == TrialState.Pruned))
            {
                continue;
            }

            if (space is null)
            {
                space = new Dictionary<string, Distribution>(t.Distributions);
                continue;
            }

            foreach (var name in space.Keys.ToList())
            {
                if (!t.Distributions.TryGetValue(name, out var d) || !d.Equals(space[name]))
                {
                    space.Remove(name);
                }
            }
        }

        var result = new SortedDictionary<string, Distribution>(StringComparer.Ordinal);
        foreach (var (name, d) in space ?? [])
        {
            if (!d.IsSingle)
            {
                result[name] = d;
            }
        }

        return result;
    }

    /// <summary>Maps u in [0, 1) to a value of the distribution (internal repr), uniform in its (log) range and on its grid.</summary>
    public static double FromUnit(Distribution distribution, double u) => distribution switch
    {
        FloatDistribution f when f.Log => Math.Clamp(Math.Exp(Math.Log(f.Low) + (u * (Math.Log(f.High) - Math.Log(f.Low)))), f.Low, f.High),
        FloatDistribution { Step: { } s } f => f.Snap(f.Low + (Math.Floor(u * (Math.Round((f.High - f.Low) / s) + 1)) * s)),
        FloatDistribution f => Math.Clamp(f.Low + (u * (f.High - f.Low)), f.Low, f.High),
        IntDistribution i when i.Log => i.Snap(Math.Floor(Math.Exp(Math.Log(i.Low - 0.5) + (u * (Math.Log(i.High + 0.5) - Math.Log(i.Low - 0.5)))) + 0.5)),
        IntDistribution i => i.Snap(i.Low + (Math.Floor(u * (((i.High - i.Low) / i.Step) + 1)) * i.Step)),
        CategoricalDistribution c => Math.Min(Math.Floor(u * c.Choices.Length), c.Choices.Length - 1),
        _ => throw new NotSupportedException($"unknown distribution {distribution.GetType().Name}"),
    };

    /// <summary>Maps a value (internal repr) of a numeric distribution to [0, 1] in its sampling scale (log for log ranges).</summary>
    public static double ToUnit(Distribution distribution, double value) => distribution switch
    {
        FloatDistribution f when f.Log => f.High == f.Low ? 0.5 : (Math.Log(value) - Math.Log(f.Low)) / (Math.Log(f.High) - Math.Log(f.Low)),
        FloatDistribution f => f.High == f.Low ? 0.5 : (value - f.Low) / (f.High - f.Low),
        IntDistribution i when i.Log => (Math.Log(value) - Math.Log(i.Low - 0.5)) / (Math.Log(i.High + 0.5) - Math.Log(i.Low - 0.5)),
        IntDistribution i => (value - (i.Low - (0.5 * i.Step))) / (i.High - i.Low + i.Step),
        CategoricalDistribution c => (value + 0.5) / c.Choices.Length,
        _ => throw new NotSupportedException($"unknown distribution {distribution.GetType().Name}"),
    };

    /// <summary>The inverse of <see cref="ToUnit"/> for a continuous position: snaps onto the grid and into the range.</summary>
    public static double FromUnitContinuous(Distribution distribution, double u)
    {
        u = Math.Clamp(u, 0, 1);
        return distribution switch
        {
            FloatDistribution f when f.Log => Math.Clamp(Math.Exp(Math.Log(f.Low) + (u * (Math.Log(f.High) - Math.Log(f.Low)))), f.Low, f.High),
            FloatDistribution f => f.Snap(f.Low + (u * (f.High - f.Low))),
            IntDistribution i when i.Log => i.Snap(Math.Exp(Math.Log(i.Low - 0.5) + (u * (Math.Log(i.High + 0.5) - Math.Log(i.Low - 0.5))))),
            IntDistribution i => i.Snap(i.Low - (0.5 * i.Step) + (u * (i.High - i.Low + i.Step))),
            _ => FromUnit(distribution, Math.Min(u, 0.999999999)),
        };
    }
}
