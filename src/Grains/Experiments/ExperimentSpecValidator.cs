using System.Text.Json;
using BigDL.Orleans.Compute.Tuning;
using BigDL.Orleans.Compute.Tuning.Pruners;
using BigDL.Orleans.Compute.Tuning.Samplers;
using BigDL.Orleans.Compute.Tuning.Spec;

namespace BigDL.Orleans.Grains;

/// <summary>A spec that passed validation, with the tuning objects built from it.</summary>
/// <remarks><see cref="Enqueued"/> holds the spec's enqueued trials, each a parameter name to its JSON value.</remarks>
internal sealed record ValidatedSpec(
    ExperimentSpec Spec,
    SearchSpaceSpec Space,
    ISampler Sampler,
    IPruner Pruner,
    StudyDirection Direction,
    IReadOnlyList<IReadOnlyDictionary<string, JsonElement>>? Enqueued = null);

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

        if (m.Replicas > 1)
        {
            Fail("model.replicas", $"data-parallel trials (replicas > 1) are not supported yet; use 1 (was {m.Replicas})");
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

        ISampler sampler = null!; // assigned or thrown below
        try
        {
            sampler = SamplerFactory.Create(spec.Sampler, spec.Seed);
        }
        catch (ArgumentException e)
        {
            Fail("sampler", e.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
        }

        IPruner pruner = new NopPruner();
        if (spec.Pruner is { } prunerJson)
        {
            try
            {
                using var doc = JsonDocument.Parse(prunerJson);
                pruner = PrunerSpec.Parse(doc.RootElement, "pruner");
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

        if (spec.Metric is not ("val_accuracy" or "val_loss"))
        {
            Fail("metric", $"unknown metric '{spec.Metric}' (expected val_accuracy, maximized, or val_loss, minimized)");
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
        return new ValidatedSpec(spec, space, sampler, pruner, spec.Maximize ? StudyDirection.Maximize : StudyDirection.Minimize, enqueued);
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
