using System.Globalization;
using System.Text.Json;
using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Grains;

/// <summary>Enqueued trials (<see cref="ExperimentSpec.EnqueuedTrials"/>): the first trials take given parameters instead of sampled ones.</summary>
public sealed partial class ExperimentGrain
{
    /// <summary>
    /// Gives trial <paramref name="running"/> the enqueued values for its number, sampling what is missing or invalid,
    /// so a warm start with a stale set (a parameter renamed, a range narrowed) still runs.
    /// </summary>
    FrozenTrial WithEnqueuedParams(FrozenTrial running, IReadOnlyDictionary<string, JsonElement> given)
    {
        var v = validated!; // only called from FillSlots, after validation
        var trial = running;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in v.Space.Parameters)
        {
            if (p.Condition is { } c && !(values.TryGetValue(c.Parent, out var parent) && c.Values.Any(x => Equals(x, parent))))
            {
                continue;
            }

            if (p.Distribution is not { } d)
            {
                values[p.Name] = p.FixedValue;
                continue;
            }

            var x = given.TryGetValue(p.Name, out var json) && TryInternal(d, json, out var internalValue)
                ? internalValue
                : v.Sampler.SampleIndependent(study, trial, p.Name, d);
            trial = trial.WithParam(p.Name, d, x);
            values[p.Name] = d.ToExternal(x);
        }

        return trial;
    }

    static bool TryInternal(Distribution d, JsonElement json, out double value)
    {
        value = 0;
        if (d is CategoricalDistribution categorical)
        {
            // Choices compare by their invariant text, so a choice of 32 matches 32 and "32" alike.
            var text = json.ValueKind == JsonValueKind.String ? json.GetString() : json.GetRawText();
            for (var i = 0; i < categorical.Choices.Length; i++)
            {
                var choice = categorical.Choices[i] switch
                {
                    bool b => b ? "true" : "false",
                    var o => Convert.ToString(o, CultureInfo.InvariantCulture),
                };
                if (string.Equals(choice, text, StringComparison.Ordinal)
                    || (json.ValueKind == JsonValueKind.Number && categorical.Choices[i] is double or float or long or int
                        && Convert.ToDouble(categorical.Choices[i], CultureInfo.InvariantCulture) == json.GetDouble()))
                {
                    value = i;
                    return true;
                }
            }

            return false;
        }

        if (json.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        value = d.ToInternal(json.GetDouble());
        return d.Contains(value);
    }
}
