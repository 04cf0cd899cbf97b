using System.Text.Json;
using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Spec;

/// <summary>Reads one parameter object of a spec, turning every bad field into a <see cref="SpecException"/> with its path.</summary>
internal static class ParameterReader
{
    public static ParameterSpec Read(JsonElement p, string path)
    {
        if (p.ValueKind != JsonValueKind.Object)
        {
            throw new SpecException(path, "expected an object");
        }

        var name = String(p, path, "name");
        var type = String(p, path, "type");
        var condition = p.TryGetProperty("condition", out var c) ? Condition(c, path + ".condition") : null;
        switch (type)
        {
            case "float":
            {
                var low = Number(p, path, "low");
                var high = Number(p, path, "high");
                var log = Bool(p, path, "log");
                double? step = p.TryGetProperty("step", out var s) && s.ValueKind != JsonValueKind.Null ? Number(p, path, "step") : null;
                CheckRange(path, low, high, log, step);
                return new ParameterSpec(name, new FloatDistribution(low, high, log, step), null, condition);
            }

            case "int":
            {
                var low = Number(p, path, "low");
                var high = Number(p, path, "high");
                var log = Bool(p, path, "log");
                var step = p.TryGetProperty("step", out var s) && s.ValueKind != JsonValueKind.Null ? Number(p, path, "step") : 1;
                foreach (var (field, v) in new[] { ("low", low), ("high", high), ("step", step) })
                {
                    if (v != Math.Floor(v))
                    {
                        throw new SpecException($"{path}.{field}", $"an int parameter needs whole numbers ({v})");
                    }
                }

                CheckRange(path, low, high, log, log && step == 1 ? null : step);
                if (log && low < 1)
                {
                    throw new SpecException(path + ".low", $"a log int range needs low >= 1 (low={low})");
                }

                return new ParameterSpec(name, new IntDistribution((long)low, (long)high, log, (long)step), null, condition);
            }

            case "categorical":
            {
                if (!p.TryGetProperty("choices", out var ch) || ch.ValueKind != JsonValueKind.Array)
                {
                    throw new SpecException(path + ".choices", "expected an array of choices");
                }

                var choices = ch.EnumerateArray().Select((e, i) => Scalar(e, $"{path}.choices[{i}]")).ToList();
                if (choices.Count == 0)
                {
                    throw new SpecException(path + ".choices", "the choice list is empty");
                }

                for (var i = 0; i < choices.Count; i++)
                {
                    if (choices.Take(i).Any(x => Equals(x, choices[i])))
                    {
                        throw new SpecException($"{path}.choices[{i}]", $"{choices[i]} is listed twice");
                    }
                }

                return new ParameterSpec(name, new CategoricalDistribution(choices), null, condition);
            }

            case "fixed":
                if (!p.TryGetProperty("value", out var value))
                {
                    throw new SpecException(path + ".value", "a fixed parameter needs a value");
                }

                return new ParameterSpec(name, null, Scalar(value, path + ".value"), condition);
            default:
                throw new SpecException(path + ".type", $"unknown type '{type}' (expected float, int, categorical or fixed)");
        }
    }

    static void CheckRange(string path, double low, double high, bool log, double? step)
    {
        if (low > high)
        {
            throw new SpecException(path + ".low", $"low ({low}) must not exceed high ({high})");
        }

        if (log && low <= 0)
        {
            throw new SpecException(path + ".low", $"a log range needs low > 0 (low={low})");
        }

        if (step is { } s)
        {
            if (log)
            {
                throw new SpecException(path + ".step", "step and log cannot both be set");
            }

            if (!(s > 0))
            {
                throw new SpecException(path + ".step", $"step must be positive (step={s})");
            }
        }
    }

    static ParameterCondition Condition(JsonElement c, string path)
    {
        if (c.ValueKind != JsonValueKind.Object)
        {
            throw new SpecException(path, "expected an object with parent and values");
        }

        var parent = String(c, path, "parent");
        if (!c.TryGetProperty("values", out var vs) || vs.ValueKind != JsonValueKind.Array)
        {
            throw new SpecException(path + ".values", "expected an array of the parent's choices");
        }

        return new ParameterCondition(parent, [.. vs.EnumerateArray().Select((e, i) => Scalar(e, $"{path}.values[{i}]"))]);
    }

    static string String(JsonElement e, string path, string field) =>
        e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new SpecException($"{path}.{field}", "expected a non-empty string");

    static double Number(JsonElement e, string path, string field) =>
        e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number && double.IsFinite(v.GetDouble())
            ? v.GetDouble()
            : throw new SpecException($"{path}.{field}", "expected a finite number");

    static bool Bool(JsonElement e, string path, string field) =>
        !e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? false
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
        : throw new SpecException($"{path}.{field}", "expected true or false");

    static object? Scalar(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => throw new SpecException(path, "expected a string, number, boolean or null"),
    };
}
