using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace BigDL.Compute.Tuning.Samplers.Gp;

/// <summary>
/// A Gaussian-process regressor on inputs in [0, 1]^d with a Matérn-5/2 ARD kernel (Rasmussen and Williams 2006,
/// ch. 4-5, http://gaussianprocess.org/gpml/), hyperparameters chosen by maximizing the log marginal likelihood plus
/// weak log-normal priors (MAP), with BFGS on analytic gradients.
/// </summary>
internal sealed class GaussianProcess
{
    const double Sqrt5 = 2.2360679774997896964;
    const int MaxEvaluations = 40;
    readonly double[][] _x;
    readonly double[] _alpha;
    readonly double[] _lower;

    GaussianProcess(double[][] x, Hyper hyper, double[] alpha, double[] lower)
    {
        _x = x;
        Hyper = hyper;
        _alpha = alpha;
        _lower = lower;
    }

    /// <summary>The fitted hyperparameters.</summary>
    public Hyper Hyper { get; }

    /// <summary>Fits hyperparameters by MAP and conditions on (x, y); y should be standardized.</summary>
    public static GaussianProcess Fit(double[][] x, double[] y, int maxIterations = 30) =>
        Condition(x, y, FitHyper(x, y, maxIterations));

    /// <summary>The MAP hyperparameters for (x, y).</summary>
    public static Hyper FitHyper(double[][] x, double[] y, int maxIterations = 30)
    {
        var d = x[0].Length;
        var diffs = SquaredDifferences(x);
        var start = Hyper.Default(d).ToVector();
        var best = (Value: double.PositiveInfinity, Theta: start);
        var evaluations = 0;
        var objective = ObjectiveFunction.Gradient(theta =>
        {
            if (++evaluations > MaxEvaluations)
            {
                throw new OptimizationException("evaluation budget spent");
            }

            var (value, gradient) = NegativeLogPosterior(diffs, x.Length, d, y, theta);
            if (value < best.Value)
            {
                best = (value, theta.Clone());
            }

            return (value, gradient);
        });
        try
        {
            new BfgsMinimizer(1e-5, 1e-6, 1e-8, maxIterations).FindMinimum(objective, start);
        }
        catch (Exception e) when (e is OptimizationException or ArgumentException)
        {
            // BFGS gives up on awkward surfaces (line search failure, iteration or evaluation cap); the best point it
            // evaluated stands, which keeps the cost per trial bounded.
        }

        return Hyper.FromVector(Clamp(best.Theta), d);
    }

    /// <summary>Conditions on data with fixed hyperparameters.</summary>
    public static GaussianProcess Condition(double[][] x, double[] y, Hyper hyper)
    {
        var n = x.Length;
        var k = Covariance(SquaredDifferences(x), n, hyper, out _);
        var chol = CholeskyWithJitter(Matrix<double>.Build.Dense(n, n, k));
        var alpha = chol.Solve(Vector<double>.Build.DenseOfArray(y)).ToArray();
        return new GaussianProcess(x, hyper, alpha, chol.Factor.ToColumnMajorArray());
    }

    /// <summary>Posterior mean and variance at each point.</summary>
    public (double[] Mean, double[] Variance) Predict(IReadOnlyList<double[]> points)
    {
        var n = _x.Length;
        var m = points.Count;
        var mean = new double[m];
        var variance = new double[m];
        var kStar = new double[n];
        var inverseScale = Hyper.LengthScales.Select(l => 1 / l).ToArray();
        for (var i = 0; i < m; i++)
        {
            var p = points[i];
            var mu = 0.0;
            for (var j = 0; j < n; j++)
            {
                var r2 = 0.0;
                var xj = _x[j];
                for (var c = 0; c < p.Length; c++)
                {
                    var t = (p[c] - xj[c]) * inverseScale[c];
                    r2 += t * t;
                }

                var kv = Matern(r2, Hyper.SignalVariance);
                kStar[j] = kv;
                mu += kv * _alpha[j];
            }

            // v = L⁻¹ k* by forward substitution (L column-major); the variance is s - |v|².
            var q = 0.0;
            for (var r = 0; r < n; r++)
            {
                var sum = kStar[r];
                for (var c = 0; c < r; c++)
                {
                    sum -= _lower[r + (c * n)] * kStar[c];
                }

                kStar[r] = sum / _lower[r + (r * n)];
                q += kStar[r] * kStar[r];
            }

            mean[i] = mu;
            variance[i] = Math.Max(Hyper.SignalVariance - q, 1e-12);
        }

        return (mean, variance);
    }

    static double Matern(double r2, double s)
    {
        var r = Math.Sqrt(r2);
        return s * (1 + (Sqrt5 * r) + (5.0 / 3.0 * r2)) * Math.Exp(-Sqrt5 * r);
    }

    /// <summary>Per dimension, the squared differences of every pair of points (n×n, row-major).</summary>
    static double[][] SquaredDifferences(double[][] x)
    {
        var n = x.Length;
        var d = x[0].Length;
        var diffs = new double[d][];
        for (var c = 0; c < d; c++)
        {
            diffs[c] = new double[n * n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    var t = x[i][c] - x[j][c];
                    diffs[c][(i * n) + j] = t * t;
                }
            }
        }

        return diffs;
    }

    /// <summary>The covariance (symmetric, so row- and column-major alike) with noise on the diagonal; <paramref name="radius"/> holds scaled distances.</summary>
    static double[] Covariance(double[][] diffs, int n, Hyper h, out double[] radius)
    {
        var k = new double[n * n];
        radius = new double[n * n];
        for (var c = 0; c < diffs.Length; c++)
        {
            var w = 1 / (h.LengthScales[c] * h.LengthScales[c]);
            var dc = diffs[c];
            for (var i = 0; i < dc.Length; i++)
            {
                radius[i] += w * dc[i];
            }
        }

        for (var i = 0; i < radius.Length; i++)
        {
            k[i] = Matern(radius[i], h.SignalVariance);
            radius[i] = Math.Sqrt(radius[i]);
        }

        for (var i = 0; i < n; i++)
        {
            k[(i * n) + i] += h.NoiseVariance;
        }

        return k;
    }

    static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> CholeskyWithJitter(Matrix<double> k)
    {
        for (var jitter = 0.0; ; jitter = jitter == 0 ? 1e-9 : jitter * 10)
        {
            try
            {
                var m = jitter == 0 ? k : k + (Matrix<double>.Build.DenseIdentity(k.RowCount) * jitter);
                return m.Cholesky();
            }
            catch (ArgumentException) when (jitter < 1)
            {
                // Not positive definite in floating point: add a little to the diagonal and retry.
            }
        }
    }

    /// <summary>-(log marginal likelihood + log prior) and its gradient in θ = (log ℓ_1..d, log s, log σ²).</summary>
    static (double Value, Vector<double> Gradient) NegativeLogPosterior(double[][] diffs, int n, int d, double[] y, Vector<double> theta)
    {
        var clamped = Clamp(theta);
        var h = Hyper.FromVector(clamped, d);
        var k = Covariance(diffs, n, h, out var radius);
        var chol = CholeskyWithJitter(Matrix<double>.Build.Dense(n, n, k));
        var alpha = chol.Solve(Vector<double>.Build.DenseOfArray(y)).ToArray();
        var inverse = chol.Solve(Matrix<double>.Build.DenseIdentity(n)).ToColumnMajorArray();
        var value = (0.5 * y.Select((v, i) => v * alpha[i]).Sum()) + (0.5 * chol.DeterminantLn);

        // dL/dθ = 0.5 tr((ααᵀ - K⁻¹) dK/dθ), with W = ααᵀ - K⁻¹ symmetric.
        var gradient = new double[d + 2];
        var common = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var ij = (i * n) + j;
                var w = (alpha[i] * alpha[j]) - inverse[ij];
                var r = radius[ij];
                var e = Math.Exp(-Sqrt5 * r);
                gradient[d] -= 0.5 * w * h.SignalVariance * (1 + (Sqrt5 * r) + (5.0 / 3.0 * r * r)) * e;
                common[ij] = 0.5 * w * h.SignalVariance * (5.0 / 3.0) * (1 + (Sqrt5 * r)) * e;
            }

            gradient[d + 1] -= 0.5 * ((alpha[i] * alpha[i]) - inverse[(i * n) + i]) * h.NoiseVariance;
        }

        for (var c = 0; c < d; c++)
        {
            // dk/dlog ℓ_c = s (5/3)(1 + √5 r) e^(-√5 r) Δ_c² / ℓ_c².
            var w = 1 / (h.LengthScales[c] * h.LengthScales[c]);
            var dc = diffs[c];
            var sum = 0.0;
            for (var ij = 0; ij < dc.Length; ij++)
            {
                sum += common[ij] * dc[ij];
            }

            gradient[c] -= sum * w;
        }

        // Weak log-normal priors keep the fit sane with few points: length scales near 0.5, signal near 1, noise small.
        for (var c = 0; c < d + 2; c++)
        {
            var (mean, sd) = c < d ? (Math.Log(0.5), 1.0) : c == d ? (0.0, 1.0) : (Math.Log(1e-4), 2.0);
            var z = (clamped[c] - mean) / sd;
            value += 0.5 * z * z;
            gradient[c] += z / sd;
            if (theta[c] != clamped[c])
            {
                // Outside the box the objective is flat in θ; pull the optimizer back in.
                var excess = theta[c] - clamped[c];
                value += 10 * excess * excess;
                gradient[c] = 20 * excess;
            }
        }

        return (value, Vector<double>.Build.DenseOfArray(gradient));
    }

    static Vector<double> Clamp(Vector<double> theta)
    {
        var d = theta.Count - 2;
        var result = theta.Clone();
        for (var c = 0; c < theta.Count; c++)
        {
            var (lo, hi) = c < d ? (Math.Log(0.01), Math.Log(20)) : c == d ? (-6.0, 6.0) : (Math.Log(1e-6), 0.0);
            result[c] = Math.Clamp(theta[c], lo, hi);
        }

        return result;
    }
}

/// <summary>Kernel hyperparameters: per-dimension length scales, signal variance, noise variance.</summary>
internal sealed record Hyper(double[] LengthScales, double SignalVariance, double NoiseVariance)
{
    public static Hyper Default(int d) => new([.. Enumerable.Repeat(0.5, d)], 1.0, 1e-4);

    public static Hyper FromVector(Vector<double> theta, int d) =>
        new([.. Enumerable.Range(0, d).Select(c => Math.Exp(theta[c]))], Math.Exp(theta[d]), Math.Exp(theta[d + 1]));

    public Vector<double> ToVector() =>
        Vector<double>.Build.DenseOfEnumerable(LengthScales.Select(l => Math.Log(l)).Append(Math.Log(SignalVariance)).Append(Math.Log(NoiseVariance)));
}
