using BigDL.Compute.Tuning.MultiObjective;
using BigDL.Compute.Tuning.Samplers.Gp;
using BigDL.Compute.Tuning.Samplers.Tpe;

namespace BigDL.Compute.Tuning.Samplers;

/// <summary>Builds a sampler from its name in an experiment spec (random, qmc, tpe, tpe-multivariate, gp, nsga2, auto).</summary>
public static class SamplerFactory
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "random", "qmc", "tpe", "tpe-multivariate", "gp", "nsga2"];

    /// <summary>Creates the named sampler; null or empty gives <see cref="AutoSampler"/>. Running trials count with constant liar where supported.</summary>
    public static ISampler Create(string? name, long seed, bool constantLiar = true) => (name ?? "auto").ToUpperInvariant() switch
    {
        "" or "AUTO" => new AutoSampler(seed),
        "RANDOM" => new RandomSampler(seed),
        "QMC" => new QmcSampler(seed),
        "TPE" => new TpeSampler(seed, new TpeOptions { ConstantLiar = constantLiar }),
        "TPE-MULTIVARIATE" => new TpeSampler(seed, new TpeOptions { Multivariate = true, ConstantLiar = constantLiar }),
        "GP" => new GpSampler(seed),
        "NSGA2" => new NsgaIISampler(seed),
        _ => throw new ArgumentException($"unknown sampler '{name}'; expected one of {string.Join(", ", Names)} (grid needs its values: construct GridSampler)", nameof(name)),
    };
}
