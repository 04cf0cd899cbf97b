
namespace BigDL.Compute.Tuning.MultiObjective;

/// <summary>Pareto dominance, non-dominated sorting (Deb et al. 2002, NSGA-II) and crowding distance for multi-objective studies.</summary>
public static class Pareto
{
    /// <summary>Whether <paramref name="a"/> is no worse than <paramref name="b"/> in every objective and better in one.</summary>
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b, IReadOnlyList<StudyDirection> directions)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(directions);
        var better = false;
        for (var i = 0; i < directions.Count; i++)
        {
            var (x, y) = directions[i] == StudyDirection.Minimize ? (a[i], b[i]) : (-a[i], -b[i]);
            if (x > y || double.IsNaN(x))
            {
                return false;
            }

            better |= x < y;
        }

        return better;
    }

    /// <summary>The front index of each point: 0 for the non-dominated set, 1 for the set non-dominated once 0 is removed, and so on.</summary>
    public static int[] NonDominatedRanks(IReadOnlyList<double[]> values, IReadOnlyList<StudyDirection> directions)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        var dominatedBy = new int[n];
        var dominates = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            dominates[i] = [];
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (Dominates(values[i], values[j], directions))
                {
                    dominates[i].Add(j);
                    dominatedBy[j]++;
                }
                else if (Dominates(values[j], values[i], directions))
                {
                    dominates[j].Add(i);
                    dominatedBy[i]++;
                }
            }
        }

        var ranks = new int[n];
        var front = Enumerable.Range(0, n).Where(i => dominatedBy[i] == 0).ToList();
        for (var rank = 0; front.Count > 0; rank++)
        {
            var next = new List<int>();
            foreach (var i in front)
            {
                ranks[i] = rank;
                foreach (var j in dominates[i])
                {
                    if (--dominatedBy[j] == 0)
                    {
                        next.Add(j);
                    }
                }
            }

            front = next;
        }

        return ranks;
    }

    /// <summary>Crowding distance of each point within one front (infinite at each objective's extremes).</summary>
    public static double[] CrowdingDistance(IReadOnlyList<double[]> front)
    {
        ArgumentNullException.ThrowIfNull(front);
        var n = front.Count;
        var distance = new double[n];
        if (n == 0)
        {
            return distance;
        }

        for (var m = 0; m < front[0].Length; m++)
        {
            var order = Enumerable.Range(0, n).OrderBy(i => front[i][m]).ToArray();
            var span = front[order[^1]][m] - front[order[0]][m];
            distance[order[0]] = distance[order[^1]] = double.PositiveInfinity;
            for (var k = 1; k < n - 1; k++)
            {
                distance[order[k]] += span > 0 ? (front[order[k + 1]][m] - front[order[k - 1]][m]) / span : 0;
            }
        }

        return distance;
    }

    /// <summary>The complete trials on the Pareto front of a study (its best trials), in number order.</summary>
    public static IReadOnlyList<FrozenTrial> BestTrials(StudySnapshot study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var complete = study.Trials.Where(t => t.State == TrialState.Complete && t.Values.Length == study.Directions.Length).ToList();
        var ranks = NonDominatedRanks([.. complete.Select(t => t.Values.ToArray())], study.Directions);
        return [.. complete.Where((_, i) => ranks[i] == 0)];
    }
}
