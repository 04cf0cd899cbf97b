using System.Text.Json;
using BigDL.Compute.Tuning.Distributions;
using BigDL.Compute.Tuning.Samplers;

namespace BigDL.Compute.Tuning.Spec;

/// <summary>
/// A validated search space read from an experiment spec's JSON:
/// <code>
/// { "parameters": [
///   { "name": "lr", "type": "float", "low": 1e-5, "high": 0.1, "log": true },
///   { "name": "units", "type": "int", "low": 32, "high": 512, "step": 32 },
///   { "name": "optimizer", "type": "categorical", "choices": ["adam", "sgd"] },
///   { "name": "momentum", "type": "float", "low": 0, "high": 0.99, "condition": { "parent": "optimizer", "values": ["sgd"] } },
///   { "name": "batch", "type": "fixed", "value": 128 } ] }
/// </code>
/// Errors name the field: <c>parameters[1].low: low (600) must not exceed high (512)</c>.
/// </summary>
public sealed class SearchSpaceSpec
{
    SearchSpaceSpec(IReadOnlyList<ParameterSpec> parameters) => Parameters = parameters;

    /// <summary>The parameters in declaration order (parents before the parameters they condition).</summary>
    public IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>Builds a spec from parameters, validating them as <see cref="Parse"/> does.</summary>
    public static SearchSpaceSpec Create(IEnumerable<ParameterSpec> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.ToList();
        Validate(list);
        return new SearchSpaceSpec(list);
    }

    /// <summary>Reads and validates a spec; throws <see cref="SpecException"/> naming the field at fault.</summary>
    public static SearchSpaceSpec Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SpecException("$", "not valid JSON: " + e.Message);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("parameters", out var ps) || ps.ValueKind != JsonValueKind.Array)
            {
                throw new SpecException("parameters", "expected an array of parameters");
            }

            var list = new List<ParameterSpec>();
            var i = 0;
            foreach (var p in ps.EnumerateArray())
            {
                list.Add(ParameterReader.Read(p, $"parameters[{i++}]"));
            }

            Validate(list);
            return new SearchSpaceSpec(list);
        }
    }

    /// <summary>
    /// Samples one trial's parameters: conditional parameters only when their parent's value holds, fixed ones as given.
    /// Returns user-facing values and records each sampled value on the returned trial snapshot.
    /// </summary>
    public (IReadOnlyDictionary<string, object?> Values, FrozenTrial Trial) Sample(ISampler sampler, StudySnapshot study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        var space = sampler.InferRelativeSearchSpace(study, trial);
        var relative = space.Count == 0 ? new Dictionary<string, double>() : sampler.SampleRelative(study, trial, space);
        var values = new Dictionary<string, object?>();
        foreach (var p in Parameters)
        {
            if (p.Condition is { } c && !(values.TryGetValue(c.Parent, out var parent) && c.Values.Any(v => Equals(v, parent))))
            {
                continue;
            }

            if (p.Distribution is not { } d)
            {
                values[p.Name] = p.FixedValue;
                continue;
            }

            var x = space.TryGetValue(p.Name, out var rd) && rd.Equals(d) && relative.TryGetValue(p.Name, out var rv)
                ? rv
                : d.IsSingle ? SearchSpaces.FromUnit(d, 0) : sampler.SampleIndependent(study, trial, p.Name, d);
            trial = trial.WithParam(p.Name, d, x);
            values[p.Name] = d.ToExternal(x);
        }

        return (values, trial);
    }

    static void Validate(List<ParameterSpec> parameters)
    {
        if (parameters.Count == 0)
        {
            throw new SpecException("parameters", "the search space is empty");
        }

        var seen = new Dictionary<string, ParameterSpec>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            var path = $"parameters[{i}]";
            if (string.IsNullOrWhiteSpace(p.Name))
            {
                throw new SpecException(path + ".name", "a parameter needs a name");
            }

            if (seen.ContainsKey(p.Name))
            {
                throw new SpecException(path + ".name", $"'{p.Name}' is declared twice");
            }

            if (p.Condition is { } c)
            {
                if (!seen.TryGetValue(c.Parent, out var parent))
                {
                    throw new SpecException(path + ".condition.parent", $"'{c.Parent}' is not a parameter declared before '{p.Name}'");
                }

                if (parent.Distribution is not CategoricalDistribution choices)
                {
                    throw new SpecException(path + ".condition.parent", $"'{c.Parent}' is not categorical");
                }

                if (c.Values.Count == 0)
                {
                    throw new SpecException(path + ".condition.values", "the condition lists no values");
                }

                for (var v = 0; v < c.Values.Count; v++)
                {
                    if (!choices.Choices.Any(ch => Equals(ch, c.Values[v])))
                    {
                        throw new SpecException($"{path}.condition.values[{v}]", $"{c.Values[v]} is not a choice of '{c.Parent}'");
                    }
                }
            }

            seen[p.Name] = p;
        }
    }
}
