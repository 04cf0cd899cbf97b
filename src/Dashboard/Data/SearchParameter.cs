using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using BigDL.Grains;

namespace BigDL.Dashboard.Data;

/// <summary>A parameter of a search space as charts need it: its name, whether it is categorical, and whether its scale is logarithmic.</summary>
internal sealed record SearchParameter(string Name, bool Categorical, bool Log, ImmutableArray<string> Choices)
{
    /// <summary>
    /// Reads the parameters of a search space's JSON (<c>{"parameters": [{"name", "type", "log", "choices"}]}</c>); names only
    /// seen in trials (a space that no longer parses) are added as numeric or categorical by their values.
    /// </summary>
    public static IReadOnlyList<SearchParameter> Read(string? searchSpaceJson, IReadOnlyList<TrialInfo> trials)
    {
        var found = new List<SearchParameter>();
        if (!string.IsNullOrWhiteSpace(searchSpaceJson))
        {
            try
            {
                using var doc = JsonDocument.Parse(searchSpaceJson);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("parameters", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in list.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
                    {
                        if (Text(p, "name") is not { } name || Text(p, "type") == "fixed")
                        {
                            continue;
                        }

                        var choices = p.TryGetProperty("choices", out var c) && c.ValueKind == JsonValueKind.Array
                            ? c.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? "" : x.GetRawText()).ToImmutableArray()
                            : [];
                        var log = p.TryGetProperty("log", out var l) && l.ValueKind == JsonValueKind.True;
                        found.Add(new SearchParameter(name, Text(p, "type") == "categorical", log, choices));
                    }
                }
            }
            catch (JsonException)
            {
                // Shown from the trials' own parameters below.
            }
        }

        foreach (var name in trials.SelectMany(t => t.Params.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            if (found.Any(p => p.Name == name))
            {
                continue;
            }

            var values = trials.Select(t => t.Params.GetValueOrDefault(name)).Where(v => v is not null).ToList();
            if (values.Count > 0 && values.All(v => v is string))
            {
                // A parameter with one value everywhere (a fixed one) tells nothing on a chart.
                if (values.Distinct().Count() > 1)
                {
                    found.Add(new SearchParameter(name, true, false, [.. values.Select(v => (string)v!).Distinct().Order(StringComparer.Ordinal)]));
                }
            }
            else if (values.Count > 0 && values.All(IsNumber))
            {
                found.Add(new SearchParameter(name, false, false, []));
            }
        }

        return found;
    }

    /// <summary>The parameter's value in a trial as a chart value: a number, or the categorical choice as text.</summary>
    public object? ChartValue(TrialInfo trial)
    {
        if (!trial.Params.TryGetValue(Name, out var v) || v is null)
        {
            return null;
        }

        if (Categorical)
        {
            // As the choice is written in the search space's JSON, so it lands on its axis category.
            return v is bool b ? (b ? "true" : "false") : Convert.ToString(v, CultureInfo.InvariantCulture);
        }

        return IsNumber(v) ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;
    }

    static bool IsNumber(object? v) => v is double or float or long or int or short or decimal;

    static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
