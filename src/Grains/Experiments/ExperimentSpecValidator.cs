using System.Collections.Immutable;
using System.Text.Json;
using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.Distributions;
using BigDL.Compute.Tuning.MultiObjective;
using BigDL.Compute.Tuning.Pruners;
using BigDL.Compute.Tuning.Samplers;
using BigDL.Compute.Tuning.Samplers.Gp;
using BigDL.Compute.Tuning.Spec;

namespace BigDL.Grains;

/// <summary>A spec that passed validation, with the tuning objects built from it.</summary>
/// <remarks><see cref="Enqueued"/> holds the spec's enqueued trials, each a parameter name to its JSON value.</remarks>
internal sealed record ValidatedSpec(
    ExperimentSpec Spec,
    SearchSpaceSpec Space,
    ISampler Sampler,
    IPruner Pruner,
    ImmutableArray<StudyDirection> Directions,
    IReadOnlyList<IReadOnlyDictionary<string, JsonElement>>? Enqueued = null)
{
    /// <summary>Gets the pruner of a multi-objective study, which also scores each step's objective vector; null otherwise.</summary>
    public ScalarizedPruner? Scalarized => Pruner as ScalarizedPruner;
}

/// <summary>Checks an experiment spec at submission; every error is an <see cref="ExperimentSpecException"/> naming the field.</summary>
internal static class ExperimentSpecValidator
{
    public static ValidatedSpec Validate(ExperimentSpec spec, IReadOnlyList<string> modelTypes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var m = spec.Model;
        if (!modelTypes.Contains(m.Type))
        {
            Fail("model.type", $"unknown model type '{m.Type}' (expected {string.Join(", ", modelTypes)})");
        }

        if (m.Replicas < 1)
        {
            Fail("model.replicas", $"must be at least 1 (was {m.Replicas})");
        }

        AtLeast("model.hiddenUnits", m.HiddenUnits, 1);
        AtLeast("model.layers", m.Layers, 1);
        AtLeast("model.batchSize", m.BatchSize, 1);
        if (!(m.LearningRate > 0))
        {
            Fail("model.learningRate", $"must be positive (was {m.LearningRate})");
        }

        if (!(m.Dropout >= 0 && m.Dropout < 1))
        {
            Fail("model.dropout", $"must lie in [0, 1) (was {m.Dropout})");
        }

        var d = spec.Dataset;
        if (d.Type != "synthetic-classification")
        {
            Fail("dataset.type", $"unknown dataset type '{d.Type}' (only synthetic-classification for now)");
        }

        AtLeast("dataset.rows", d.Rows, 4);
        AtLeast("dataset.features", d.Features, 1);
        AtLeast("dataset.classes", d.Classes, 2);
        if (d.Margin is { } margin && !(margin >= 0 && margin <= 0.5))
        {
            Fail("dataset.margin", $"must lie in [0, 0.5] when given (was {margin})");
        }

        var directions = Directions(spec);

        if (string.IsNullOrWhiteSpace(spec.SearchSpace))
        {
            Fail("searchSpace", "the search space is missing");
        }

        SearchSpaceSpec space = null!; // assigned or thrown below
        try
        {
            space = SearchSpaceSpec.Parse(spec.SearchSpace);
        }
        catch (SpecException e)
        {
            Fail("searchSpace." + e.Path, e.Message[(e.Path.Length + 2)..]);
        }

        if (m.Replicas > 1)
        {
            CheckDataParallel(spec, space);
        }

        ISampler sampler = null!; // assigned or thrown below
        try
        {
            sampler = SamplerFactory.Create(spec.Sampler, spec.Seed);
        }
        catch (ArgumentException e)
        {
            Fail("sampler", e.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
        }

        if (directions.Length > 1 && sampler is GpSampler)
        {
            Fail("sampler", "gp optimizes a single objective; use nsga2, tpe, tpe-multivariate, random, qmc or auto for several objectives");
        }

        IPruner pruner = new NopPruner();
        if (spec.Pruner is { } prunerJson)
        {
            try
            {
                using var doc = JsonDocument.Parse(prunerJson);
                pruner = PrunerSpec.Parse(doc.RootElement, "pruner");
                pruner = Scalarize(pruner, doc.RootElement, directions);
            }
            catch (JsonException e)
            {
                Fail("pruner", "not valid JSON: " + e.Message);
            }
            catch (SpecException e)
            {
                Fail(e.Path, e.Message[(e.Path.Length + 2)..]);
            }
        }

        if (spec.Objectives.IsEmpty && spec.Metric is not ("val_accuracy" or "val_loss"))
        {
            Fail("metric", $"unknown metric '{spec.Metric}' (expected val_accuracy, maximized, or val_loss, minimized; other metrics go in objectives)");
        }

        AtLeast("budget.trials", spec.Budget.Trials, 1);
        if (spec.Budget.Minutes is { } minutes && !(minutes > 0))
        {
            Fail("budget.minutes", $"must be positive when given (was {minutes})");
        }

        AtLeast("parallelism", spec.Parallelism, 1);
        AtLeast("maxRetries", spec.MaxRetries, 0);
        AtLeast("epochs", spec.Epochs, 1);
        var enqueued = spec.EnqueuedTrials is { } enqueuedJson ? ReadEnqueued(enqueuedJson) : [];
        return new ValidatedSpec(spec, space, sampler, pruner, directions, enqueued);
    }

    /// <summary>
    /// A data-parallel trial splits each global batch over its replicas, so every replica needs a row of every batch:
    /// the smallest batch size the search space can give must be at least the replicas, and the rows at least as many.
    /// </summary>
    static void CheckDataParallel(ExperimentSpec spec, SearchSpaceSpec space)
    {
        var replicas = spec.Model.Replicas;
        if (replicas > spec.Dataset.Rows)
        {
            Fail("model.replicas", $"is {replicas}, more replicas than the dataset's {spec.Dataset.Rows} rows");
        }

        var index = space.Parameters.ToList().FindIndex(p => p.Name == "batch_size");
        if (index < 0)
        {
            if (spec.Model.BatchSize < replicas)
            {
                Fail("model.batchSize", $"is {spec.Model.BatchSize}, smaller than model.replicas ({replicas}): every replica needs at least one row of each batch");
            }

            return;
        }

        var parameter = space.Parameters[index];
        var smallest = parameter.Distribution switch
        {
            IntDistribution d => d.Low,
            FloatDistribution d => d.Low,
            CategoricalDistribution d => d.Choices.Select(AsNumber).Min(),
            _ => AsNumber(parameter.FixedValue),
        };
        if (smallest < replicas)
        {
            Fail($"searchSpace.parameters[{index}]", $"batch_size can be {smallest}, smaller than model.replicas ({replicas}): every replica needs at least one row of each batch");
        }

        static double AsNumber(object? value) => value switch
        {
            null => double.NaN,
            string text => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : double.NaN,
            bool => double.NaN,
            _ => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The study's directions, one per objective, after checking the objectives' metrics.</summary>
    public static ImmutableArray<StudyDirection> Directions(ExperimentSpec spec)
    {
        var objectives = spec.GetObjectives();
        for (var i = 0; i < spec.Objectives.Length; i++)
        {
            var metric = objectives[i].Metric;
            if (!ObjectiveSpec.KnownMetrics.ContainsKey(metric))
            {
                Fail($"objectives[{i}].metric", $"unknown metric '{metric}' (expected {string.Join(", ", ObjectiveSpec.KnownMetrics.Keys)})");
            }

            if (objectives.Take(i).Any(o => o.Metric == metric))
            {
                Fail($"objectives[{i}].metric", $"'{metric}' is listed twice");
            }
        }

        if (!spec.Objectives.IsEmpty && spec.Metric != objectives[0].Metric)
        {
            Fail("metric", $"'{spec.Metric}' differs from objectives[0].metric '{objectives[0].Metric}'; set metric to the first objective's");
        }

        return [.. objectives.Select(o => o.Direction == ObjectiveDirection.Maximize ? StudyDirection.Maximize : StudyDirection.Minimize)];
    }

    /// <summary>
    /// A multi-objective study prunes only on a weighted sum of its objectives (<c>pruner.weights</c>); Optuna refuses to
    /// prune multi-objective studies at all, and so does this without weights.
    /// </summary>
    static IPruner Scalarize(IPruner pruner, JsonElement json, ImmutableArray<StudyDirection> directions)
    {
        var weights = default(JsonElement);
        var hasWeights = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("weights", out weights) && weights.ValueKind != JsonValueKind.Null;
        if (directions.Length == 1 || pruner is NopPruner)
        {
            if (hasWeights)
            {
                Fail("pruner.weights", "weights scalarise the objectives of a multi-objective study; this spec has one objective (or no pruner)");
            }

            return pruner;
        }

        if (!hasWeights)
        {
            Fail("pruner", $"a study with {directions.Length} objectives prunes only on their weighted sum: give pruner.weights, one non-negative number per objective (Optuna does not prune multi-objective studies)");
        }

        if (weights.ValueKind != JsonValueKind.Array || weights.EnumerateArray().Any(w => w.ValueKind != JsonValueKind.Number))
        {
            Fail("pruner.weights", "expected an array of numbers");
        }

        try
        {
            return new ScalarizedPruner(pruner, directions, [.. weights.EnumerateArray().Select(w => w.GetDouble())]);
        }
        catch (ArgumentException e)
        {
            Fail("pruner.weights", e.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
            return pruner; // not reached
        }
    }

    /// <summary>Reads enqueued trials: an array of objects whose values are numbers, strings or booleans.</summary>
    static List<IReadOnlyDictionary<string, JsonElement>> ReadEnqueued(string json)
    {
        JsonElement root = default;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone(); // outlives the document
        }
        catch (JsonException e)
        {
            Fail("enqueuedTrials", "not valid JSON: " + e.Message);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            Fail("enqueuedTrials", "expected an array of parameter objects");
        }

        var trials = new List<IReadOnlyDictionary<string, JsonElement>>();
        foreach (var item in root.EnumerateArray())
        {
            var field = $"enqueuedTrials[{trials.Count}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                Fail(field, "expected an object of parameter values");
            }

            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in item.EnumerateObject())
            {
                if (p.Value.ValueKind is not (JsonValueKind.Number or JsonValueKind.String or JsonValueKind.True or JsonValueKind.False))
                {
                    Fail($"{field}.{p.Name}", "expected a number, a string or a boolean");
                }

                values[p.Name] = p.Value;
            }

            trials.Add(values);
        }

        return trials;
    }

    static void AtLeast(string field, int value, int min)
    {
        if (value < min)
        {
            Fail(field, $"must be at least {min} (was {value})");
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void Fail(string field, string message) => throw new ExperimentSpecException(field, message);
}
