using MathNet.Numerics;

namespace BigDL.Compute.Tuning.Samplers.Tpe;

/// <summary>Sampling and log densities of a normal truncated to [low, high], computed in the tail that keeps precision.</summary>
internal static class TruncatedNormal
{
    const double LogSqrt2Pi = 0.91893853320467274178;

    /// <summary>Standard normal CDF.</summary>
    public static double Phi(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));

    /// <summary>log(Phi(b) - Phi(a)) for a &lt; b, taking the upper tail by symmetry when a &gt; 0.</summary>
    public static double LogMass(double a, double b)
    {
        var mass = a > 0 ? Phi(-a) - Phi(-b) : Phi(b) - Phi(a);
        return Math.Log(Math.Max(mass, 1e-300));
    }

    /// <summary>Draws from N(mu, sigma) truncated to [low, high] by inverting the CDF.</summary>
    public static double Sample(TuningRandom rng, double mu, double sigma, double low, double high) =>
        Ppf(rng.NextDouble(), mu, sigma, low, high);

    /// <summary>The value at percentile <paramref name="q"/> of N(mu, sigma) truncated to [low, high].</summary>
    public static double Ppf(double q, double mu, double sigma, double low, double high)
    {
        var a = (low - mu) / sigma;
        var b = (high - mu) / sigma;
        var flip = a > 0;
        if (flip)
        {
            (a, b) = (-b, -a);
        }

        var pa = Phi(a);
        var pb = Phi(b);
        // Mirrored, the percentile counts from the other end so the map stays increasing in q.
        var u = pa + ((flip ? 1 - q : q) * (pb - pa));
        var z = u <= 0 ? a : u >= 1 ? b : -Math.Sqrt(2) * SpecialFunctions.ErfcInv(2 * u);
        z = Math.Clamp(z, a, b);
        if (flip)
        {
            z = -z;
        }

        return Math.Clamp(mu + (sigma * z), low, high);
    }

    /// <summary>
    /// log density at x of N(mu, sigma) truncated to [low, high]; without <paramref name="normalize"/> the -log σ term is
    /// left out, as Optuna 3.1's _truncnorm.logpdf does.
    /// </summary>
    public static double LogPdf(double x, double mu, double sigma, double low, double high, bool normalize = true)
    {
        var z = (x - mu) / sigma;
        return (-0.5 * z * z) - LogSqrt2Pi - (normalize ? Math.Log(sigma) : 0) - LogMass((low - mu) / sigma, (high - mu) / sigma);
    }
}
