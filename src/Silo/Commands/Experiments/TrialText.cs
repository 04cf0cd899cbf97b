using System.Globalization;
using BigDL.Grains;

namespace BigDL.Silo.Commands.Experiments;

/// <summary>How trials, values and experiment phases read on the terminal (plain text; callers escape it for markup).</summary>
internal static class TrialText
{
    /// <summary>An objective value with four significant decimals, or a dash.</summary>
    public static string Value(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "-";

    /// <summary>A trial's parameters as <c>name=value</c> pairs in name order.</summary>
    public static string Params(TrialInfo trial) =>
        string.Join(", ", trial.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Param(p.Value)}"));

    /// <summary>One parameter value: reals with four significant digits, whole numbers and choices as they are.</summary>
    public static string Param(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        float f => f.ToString("G4", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The phase in lower case, as the rest of the output reads.</summary>
    public static string Phase(ExperimentPhase phase) => phase.ToString().ToLowerInvariant();

    /// <summary>The metric (or metrics) the experiment optimizes, with their directions.</summary>
    public static string Objectives(ExperimentSpec? spec) =>
        spec is null ? "" : string.Join(", ", spec.GetObjectives().Select(o => $"{o.Metric} ({o.Direction.ToString().ToLowerInvariant()})"));

    /// <summary>The line that ends a watch: the best trial (or the Pareto front) with its value and parameters.</summary>
    public static string Best(ExperimentSpec? spec, IReadOnlyList<TrialInfo> best)
    {
        if (best.Count == 0)
        {
            return "best trial: none (no trial completed)";
        }

        if (spec is { IsMultiObjective: true })
        {
            var metrics = string.Join("/", spec.GetObjectives().Select(o => o.Metric));
            return $"best trials (Pareto front, {metrics}): " + string.Join("; ", best.Select(t => $"#{t.Number} [{string.Join(", ", t.Values.Select(v => Value(v)))}]"));
        }

        var trial = best[0];
        return $"best trial: #{trial.Number} {spec?.Metric ?? "value"}={Value(trial.Value)} ({Params(trial)})";
    }
}
