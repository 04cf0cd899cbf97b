using System.Text.Json;
using BigDL.Compute.Tuning.Pruners;

namespace BigDL.Compute.Tuning.Spec;

/// <summary>
/// Reads an experiment spec's pruner, e.g. <c>{"type": "asha", "min_resource": 1, "reduction_factor": 3}</c>, with
/// Optuna's argument names; types: none, median, percentile, asha (successive_halving), hyperband, threshold.
/// Errors name the field: <c>pruner.reduction_factor: must be at least 2</c>.
/// </summary>
public static class PrunerSpec
{
    /// <summary>Builds the pruner; a missing or null element gives <see cref="NopPruner"/>.</summary>
    public static IPruner Parse(JsonElement? element, string path = "pruner")
    {
        if (element is not { ValueKind: JsonValueKind.Object } e)
        {
            return element is null or { ValueKind: JsonValueKind.Null } ? new NopPruner() : throw new SpecException(path, "expected an object with a type");
        }

        var type = e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        try
        {
            return type switch
            {
                "none" => new NopPruner(),
                "median" => new MedianPruner(Int(e, path, "n_startup_trials") ?? 5, Int(e, path, "n_warmup_steps") ?? 0, Int(e, path, "interval_steps") ?? 1, Int(e, path, "n_min_trials") ?? 1),
                "percentile" => new PercentilePruner(
                    Number(e, path, "percentile") ?? throw new SpecException(path + ".percentile", "a percentile pruner needs a percentile"),
                    Int(e, path, "n_startup_trials") ?? 5, Int(e, path, "n_warmup_steps") ?? 0, Int(e, path, "interval_steps") ?? 1, Int(e, path, "n_min_trials") ?? 1),
                "asha" or "successive_halving" => new SuccessiveHalvingPruner(Int(e, path, "min_resource"), Int(e, path, "reduction_factor") ?? 4, Int(e, path, "min_early_stopping_rate") ?? 0, Int(e, path, "bootstrap_count") ?? 0),
                "hyperband" => new HyperbandPruner(Int(e, path, "min_resource") ?? 1, Int(e, path, "max_resource"), Int(e, path, "reduction_factor") ?? 3, Int(e, path, "bootstrap_count") ?? 0),
                "threshold" => new ThresholdPruner(Number(e, path, "lower"), Number(e, path, "upper"), Int(e, path, "n_warmup_steps") ?? 0, Int(e, path, "interval_steps") ?? 1),
                _ => throw new SpecException(path + ".type", $"unknown pruner '{type}' (expected none, median, percentile, asha, hyperband or threshold)"),
            };
        }
        catch (ArgumentException x)
        {
            // The constructors validate; map their parameter name back to the spec's field.
            var field = x.ParamName is { } p ? string.Concat(p.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString())) : "";
            throw new SpecException(field.Length > 0 ? $"{path}.{field}" : path, x.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
        }
    }

    static int? Int(JsonElement e, string path, string field) =>
        !e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i
        : throw new SpecException($"{path}.{field}", "expected a whole number");

    static double? Number(JsonElement e, string path, string field) =>
        !e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
        : throw new SpecException($"{path}.{field}", "expected a number");
}
