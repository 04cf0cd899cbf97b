using BigDL.Compute.Tuning.Samplers.Tpe;

namespace BigDL.Compute.Tuning.Samplers.Gp;

/// <summary>log expected improvement below an incumbent for a Gaussian posterior (Jones et al. 1998), stable far in the tail.</summary>
internal static class ExpectedImprovement
{
    const double LogSqrt2Pi = 0.91893853320467274178;

    /// <summary>log E[max(best - f, 0)] for f ~ N(mean, variance).</summary>
    public static double Log(double mean, double variance, double best)
    {
        var sigma = Math.Sqrt(variance);
        var z = (best - mean) / sigma;
        double h;
        if (z > -6)
        {
            // EI / sigma = z Φ(z) + φ(z).
            h = Math.Log(Math.Max((z * TruncatedNormal.Phi(z)) + Math.Exp((-0.5 * z * z) - LogSqrt2Pi), 1e-300));
        }
        else
        {
            // Far in the lower tail z Φ(z) + φ(z) ≈ φ(z) / z² (Mills ratio), which keeps a usable slope instead of 0.
            h = (-0.5 * z * z) - LogSqrt2Pi - (2 * Math.Log(-z));
        }

        return h + Math.Log(sigma);
    }
}
