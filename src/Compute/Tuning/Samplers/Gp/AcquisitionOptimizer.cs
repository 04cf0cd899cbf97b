namespace BigDL.Compute.Tuning.Samplers.Gp;

/// <summary>Maximizes log EI over [0, 1]^d: uniform and near-incumbent candidates, then pattern search from the best few.</summary>
internal static class AcquisitionOptimizer
{
    const int Refined = 3;
    const int Halvings = 10;

    public static double[] Maximize(GaussianProcess gp, double[][] xs, double[] ys, double incumbent, int d, int nCandidates, TuningRandom rng)
    {
        var candidates = new List<double[]>(nCandidates);
        var top = Enumerable.Range(0, ys.Length).OrderBy(i => ys[i]).Take(5).ToArray();
        for (var i = 0; i < nCandidates; i++)
        {
            var x = new double[d];
            if (i % 2 == 0)
            {
                for (var c = 0; c < d; c++)
                {
                    x[c] = rng.NextDouble();
                }
            }
            else
            {
                // Local candidates around good points, at scales from 1e-3 to 1e-1 of the range.
                var centre = xs[top[rng.NextInt(top.Length)]];
                var scale = Math.Pow(10, -3 + (2 * rng.NextDouble()));
                for (var c = 0; c < d; c++)
                {
                    x[c] = Math.Clamp(centre[c] + (scale * rng.NextNormal()), 0, 1);
                }
            }

            candidates.Add(x);
        }

        var scores = Score(gp, candidates, incumbent);
        var order = Enumerable.Range(0, candidates.Count).OrderByDescending(i => scores[i]).Take(Refined).ToArray();
        var best = candidates[order[0]];
        var bestScore = scores[order[0]];
        foreach (var start in order)
        {
            var (x, s) = PatternSearch(gp, candidates[start], scores[start], incumbent);
            if (s > bestScore)
            {
                (best, bestScore) = (x, s);
            }
        }

        return best;
    }

    /// <summary>Coordinate moves of ±step, halving the step when no move helps (Hooke and Jeeves 1961).</summary>
    static (double[] X, double Score) PatternSearch(GaussianProcess gp, double[] start, double score, double incumbent)
    {
        var x = (double[])start.Clone();
        var step = 0.05;
        for (var halving = 0; halving < Halvings; halving++)
        {
            var trials = new List<double[]>();
            for (var c = 0; c < x.Length; c++)
            {
                foreach (var dir in (ReadOnlySpan<double>)[-1, 1])
                {
                    var y = (double[])x.Clone();
                    y[c] = Math.Clamp(y[c] + (dir * step), 0, 1);
                    trials.Add(y);
                }
            }

            var s = Score(gp, trials, incumbent);
            var i = Array.IndexOf(s, s.Max());
            if (s[i] > score)
            {
                (x, score) = (trials[i], s[i]);
            }
            else
            {
                step /= 2;
            }
        }

        return (x, score);
    }

    static double[] Score(GaussianProcess gp, List<double[]> points, double incumbent)
    {
        var (mean, variance) = gp.Predict(points);
        var s = new double[points.Count];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = ExpectedImprovement.Log(mean[i], variance[i], incumbent);
        }

        return s;
    }
}
