using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace BigDL.Orleans.Compute.Tuning.Samplers.Gp;

/// <summary>
/// A Gaussian-process regressor on inputs in [0, 1]^d with a Matérn-5/2 ARD kernel (Rasmussen and Williams 2006,
/// ch. 4-5, http://gaussianprocess.org/gpml/), hyperparameters chosen by maximizing the log marginal likelihood plus
/// weak log-normal priors (MAP), with BFGS on analytic gradients.
/// </summary>
internal sealed class GaussianProcess
{
    const double Sqrt5 = 2.2360679774997896964;
    readonly double[][] _x;
    readonly double[] _alpha;
    readonly Matrix<double> _kInverse;

    GaussianProcess(double[][] x, Hyper hyper, double[] alpha, Matrix<double> kInverse)
    {
        _x = x;
        Hyper = hyper;
        _alpha = alpha;
        _kInverse = kInverse;
    }

    /// <summary>The fitted hyperparameters.</summary>
    public Hyper Hyper { get; }

    /// <summary>Fits hyperparameters by MAP and conditions on (x, y); y should be standardized.</summary>
    public static GaussianProcess Fit(double[][] x, double[] y, int maxIterations = 60)
    {
        var d = x[0].Length;
        var start = Hyper.Default(d).ToVector();
        var best = (Value: double.PositiveInfinity, Theta: start);
        var objective = ObjectiveFunction.Gradient(theta =>
        {
            var (value, gradient) = NegativeLogPosterior(x, y, theta);
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
        catch (Exception e) when (e is MaximumIterationsException or OptimizationException or ArgumentException)
        {
            // BFGS gives up on awkward surfaces (line search failure, iteration cap); the best point it evaluated stands.
        }

        return Condition(x, y, Hyper.FromVector(Clamp(best.Theta), d));
    }

    /// <summary>Conditions on data with fixed hyperparameters.</summary>
    public static GaussianProcess Condition(double[][] x, double[] y, Hyper hyper)
    {
        var k = Covariance(x, hyper, out _);
        var chol = CholeskyWithJitter(k);
        var alpha = chol.Solve(Vector<double>.Build.DenseOfArray(y)).ToArray();
        var inverse = chol.Solve(Matrix<double>.Build.DenseIdentity(x.Length));
        return new GaussianProcess(x, hyper, alpha, inverse);
    }

    /// <summary>Posterior mean and variance at each point.</summary>
    public (double[] Mean, double[] Variance) Predict(IReadOnlyList<double[]> points)
    {
        var n = _x.Length;
        var m = points.Count;
        var kStar = Matrix<double>.Build.Dense(m, n);
        var mean = new double[m];
        for (var i = 0; i < m; i++)
        {
            var mu = 0.0;
            for (var j = 0; j < n; j++)
            {
                var kv = Kernel(points[i], _x[j], Hyper);
                kStar[i, j] = kv;
                mu += kv * _alpha[j];
            }

            mean[i] = mu;
        }

        var v = kStar * _kInverse;
        var variance = new double[m];
        for (var i = 0; i < m; i++)
        {
            var q = 0.0;
            for (var j = 0; j < n; j++)
            {
                q += v[i, j] * kStar[i, j];
            }

            variance[i] = Math.Max(Hyper.SignalVariance - q, 1e-12);
        }

        return (mean, variance);
    }

    static double Kernel(double[] a, double[] b, Hyper h)
    {
        var r2 = 0.0;
        for (var k = 0; k < a.Length; k++)
        {
            var t = (a[k] - b[k]) / h.LengthScales[k];
            r2 += t * t;
        }

        var r = Math.Sqrt(r2);
        return h.SignalVariance * (1 + (Sqrt5 * r) + (5.0 / 3.0 * r2)) * Math.Exp(-Sqrt5 * r);
    }

    /// <summary>The covariance with noise on the diagonal; <paramref name="radius"/> holds each pair's scaled distance.</summary>
    static Matrix<double> Covariance(double[][] x, Hyper h, out double[,] radius)
    {
        var n = x.Length;
        var k = Matrix<double>.Build.Dense(n, n);
        radius = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var r2 = 0.0;
                for (var c = 0; c < x[i].Length; c++)
                {
                    var t = (x[i][c] - x[j][c]) / h.LengthScales[c];
                    r2 += t * t;
                }

                var r = Math.Sqrt(r2);
                radius[i, j] = radius[j, i] = r;
                k[i, j] = k[j, i] = h.SignalVariance * (1 + (Sqrt5 * r) + (5.0 / 3.0 * r2)) * Math.Exp(-Sqrt5 * r);
            }

            k[i, i] += h.NoiseVariance;
        }

        return k;
    }

    static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> CholeskyWithJitter(Matrix<double> k)
    {
        for (var jitter = 0.0; ; jitter = jitter == 0 ? 1e-9 : jitter * 10)
        {
            try
            {
                var m = jitter == 0 ? k : k + Matrix<double>.Build.DenseIdentity(k.RowCount) * jitter;
                return m.Cholesky();
            }
            catch (ArgumentException) when (jitter < 1)
            {
                // Not positive definite in floating point: add a little to the diagonal and retry.
            }
        }
    }

    /// <summary>-(log marginal likelihood + log prior) and its gradient in θ = (log ℓ_1..d, log s, log σ²).</summary>
    static (double Value, Vector<double> Gradient) NegativeLogPosterior(double[][] x, double[] y, Vector<double> theta)
    {
        var n = x.Length;
        var d = x[0].Length;
        var clamped = Clamp(theta);
        var h = Hyper.FromVector(clamped, d);
        var k = Covariance(x, h, out var radius);
        var chol = CholeskyWithJitter(k);
        var alpha = chol.Solve(Vector<double>.Build.DenseOfArray(y));
        var inverse = chol.Solve(Matrix<double>.Build.DenseIdentity(n));
        var value = (0.5 * y.Select((v, i) => v * alpha[i]).Sum()) + (0.5 * chol.DeterminantLn);

        // dL/dθ = 0.5 tr((ααᵀ - K⁻¹) dK/dθ); W = ααᵀ - K⁻¹.
        var gradient = Vector<double>.Build.Dense(d + 2);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var w = (alpha[i] * alpha[j]) - inverse[i, j];
                var r = radius[i, j];
                var e = Math.Exp(-Sqrt5 * r);
                var kNoNoise = h.SignalVariance * (1 + (Sqrt5 * r) + (5.0 / 3.0 * r * r)) * e;
                gradient[d] -= 0.5 * w * kNoNoise;
                var common = h.SignalVariance * (5.0 / 3.0) * (1 + (Sqrt5 * r)) * e;
                for (var c = 0; c < d; c++)
                {
                    var t = (x[i][c] - x[j][c]) / h.LengthScales[c];
                    gradient[c] -= 0.5 * w * common * t * t;
                }
            }

            gradient[d + 1] -= 0.5 * ((alpha[i] * alpha[i]) - inverse[i, i]) * h.NoiseVariance;
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

        return (value, gradient);
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
