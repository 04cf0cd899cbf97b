using System.Collections.Immutable;
using System.Text.Json;

namespace BigDL.Grains;

/// <summary>
/// Reads an experiment spec's JSON form, naming the field of any error:
/// <code>
/// { "name": "mlp-study",
///   "model": { "type": "mlp-classifier", "hiddenUnits": 32, "layers": 1, "learningRate": 0.01, "batchSize": 32, "dropout": 0, "replicas": 1 },
///   "dataset": { "type": "synthetic-classification", "rows": 512, "features": 8, "classes": 3, "seed": 1 },
///   "searchSpace": { "parameters": [ { "name": "learning_rate", "type": "float", "low": 1e-4, "high": 0.1, "log": true } ] },
///   "sampler": "tpe", "seed": 7, "pruner": { "type": "median" },
///   "metric": "val_accuracy", "budget": { "trials": 60, "minutes": 30 },
///   "parallelism": 2, "maxRetries": 2, "epochs": 10,
///   "enqueuedTrials": [ { "learning_rate": 0.01 } ] }
/// </code>
/// A multi-objective study lists its objectives instead of one metric (a direction defaults to the metric's natural one),
/// and prunes only on a weighted sum of them:
/// <code>
/// "objectives": [ { "metric": "val_accuracy", "direction": "maximize" }, { "metric": "latency_ms", "direction": "minimize" } ],
/// "sampler": "nsga2", "pruner": { "type": "asha", "weights": [1, 0.01] }
/// </code>
/// Values are checked by the experiment grain at submission; this reader only checks shapes and types.
/// </summary>
public static class ExperimentSpecJson
{
    /// <summary>Reads a spec; throws <see cref="ExperimentSpecException"/> naming the field at fault.</summary>
    public static ExperimentSpec Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ExperimentSpecException("$", "not valid JSON: " + e.Message);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ExperimentSpecException("$", "expected an object");
            }

            var spec = new ExperimentSpec
            {
                Name = String(root, "", "name") ?? "",
                SearchSpace = root.TryGetProperty("searchSpace", out var space) ? space.GetRawText() : "",
                Sampler = String(root, "", "sampler") ?? "auto",
                Seed = Long(root, "", "seed") ?? 0,
                Pruner = root.TryGetProperty("pruner", out var pruner) && pruner.ValueKind != JsonValueKind.Null ? pruner.GetRawText() : null,
                EnqueuedTrials = root.TryGetProperty("enqueuedTrials", out var enqueued) && enqueued.ValueKind != JsonValueKind.Null ? enqueued.GetRawText() : null,
                Metric = String(root, "", "metric") ?? "val_accuracy",
                Parallelism = Int(root, "", "parallelism") ?? 1,
                MaxRetries = Int(root, "", "maxRetries") ?? 2,
                Epochs = Int(root, "", "epochs") ?? 5,
            };
            if (Objectives(root) is { } objectives)
            {
                if (root.TryGetProperty("metric", out var metric) && metric.ValueKind == JsonValueKind.String && metric.GetString() != objectives[0].Metric)
                {
                    throw new ExperimentSpecException("metric", $"'{metric.GetString()}' differs from objectives[0].metric '{objectives[0].Metric}'; give one or the other");
                }

                spec = spec with { Objectives = objectives, Metric = objectives[0].Metric };
            }

            if (Object(root, "model") is { } m)
            {
                var d = new ModelSpec();
                spec = spec with
                {
                    Model = new ModelSpec
                    {
                        Type = String(m, "model", "type") ?? d.Type,
                        Replicas = Int(m, "model", "replicas") ?? d.Replicas,
                        HiddenUnits = Int(m, "model", "hiddenUnits") ?? d.HiddenUnits,
                        Layers = Int(m, "model", "layers") ?? d.Layers,
                        LearningRate = Number(m, "model", "learningRate") ?? d.LearningRate,
                        BatchSize = Int(m, "model", "batchSize") ?? d.BatchSize,
                        Dropout = Number(m, "model", "dropout") ?? d.Dropout,
                    },
                };
            }

            if (Object(root, "dataset") is { } ds)
            {
                var d = new DatasetSpec();
                spec = spec with
                {
                    Dataset = new DatasetSpec
                    {
                        Type = String(ds, "dataset", "type") ?? d.Type,
                        Rows = Int(ds, "dataset", "rows") ?? d.Rows,
                        Features = Int(ds, "dataset", "features") ?? d.Features,
                        Classes = Int(ds, "dataset", "classes") ?? d.Classes,
                        Seed = Int(ds, "dataset", "seed") ?? d.Seed,
                        Margin = Number(ds, "dataset", "margin"),
                    },
                };
            }

            if (Object(root, "budget") is { } b)
            {
                spec = spec with { Budget = new BudgetSpec { Trials = Int(b, "budget", "trials") ?? new BudgetSpec().Trials, Minutes = Number(b, "budget", "minutes") } };
            }

            return spec;
        }
    }

    static ImmutableArray<ObjectiveSpec>? Objectives(JsonElement root)
    {
        if (!root.TryGetProperty("objectives", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw new ExperimentSpecException("objectives", "expected a non-empty array of { \"metric\", \"direction\" } objects");
        }

        var objectives = ImmutableArray.CreateBuilder<ObjectiveSpec>();
        foreach (var item in list.EnumerateArray())
        {
            var path = $"objectives[{objectives.Count}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ExperimentSpecException(path, "expected an object with a metric");
            }

            var metric = String(item, path, "metric") ?? throw new ExperimentSpecException(path + ".metric", "the metric is missing");
            var objective = String(item, path, "direction") switch
            {
                null => ObjectiveSpec.For(metric),
                "maximize" => new ObjectiveSpec(metric, ObjectiveDirection.Maximize),
                "minimize" => new ObjectiveSpec(metric, ObjectiveDirection.Minimize),
                var other => throw new ExperimentSpecException(path + ".direction", $"expected maximize or minimize (was '{other}')"),
            };
            objectives.Add(objective);
        }

        return objectives.ToImmutable();
    }

    static string Path(string parent, string field) => parent.Length == 0 ? field : $"{parent}.{field}";

    static JsonElement? Object(JsonElement e, string field) =>
        !e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Object ? v
        : throw new ExperimentSpecException(field, "expected an object");

    static string? String(JsonElement e, string parent, string field) =>
        !e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw new ExperimentSpecException(Path(parent, field), "expected a string");

    static int? Int(JsonElement e, string parent, string field) =>
        !e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i
        : throw new ExperimentSpecException(Path(parent, field), "expected a whole number");

    static long? Long(JsonElement e, string parent, string field) =>
        !e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var i) ? i
        : throw new ExperimentSpecException(Path(parent, field), "expected a whole number");

    static double? Number(JsonElement e, string parent, string field) =>
        !e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
        : throw new ExperimentSpecException(Path(parent, field), "expected a number");
}
