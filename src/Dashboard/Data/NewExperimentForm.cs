using BigDL.Grains;

namespace BigDL.Dashboard.Data;

/// <summary>The new-experiment form's fields, with defaults that make a small working study; <see cref="ToSpec"/> builds the spec.</summary>
internal sealed class NewExperimentForm
{
    public const string DefaultSearchSpace = """
        {
          "parameters": [
            { "name": "learning_rate", "type": "float", "low": 0.001, "high": 0.1, "log": true },
            { "name": "hidden_units", "type": "int", "low": 8, "high": 64 }
          ]
        }
        """;

    /// <summary>The form field of each spec field an <see cref="ExperimentSpecException"/> can name.</summary>
    public static readonly string[] Fields =
    [
        "name", "dataset.type", "dataset.rows", "dataset.features", "dataset.classes", "dataset.seed",
        "model.type", "model.replicas", "model.hiddenUnits", "model.layers", "model.learningRate", "model.batchSize",
        "searchSpace", "sampler", "seed", "pruner", "metric", "objectives", "budget.trials", "budget.minutes", "parallelism", "epochs",
    ];

    public string Name { get; set; } = "";

    public string DatasetType { get; set; } = "synthetic-classification";

    public int Rows { get; set; } = 512;

    public int Features { get; set; } = 8;

    public int Classes { get; set; } = 3;

    public int DatasetSeed { get; set; }

    public string ModelType { get; set; } = "mlp-classifier";

    /// <summary>Gets or sets the data-parallel replicas per trial (more than 1 trains each trial through a training job).</summary>
    public int Replicas { get; set; } = 1;

    public int HiddenUnits { get; set; } = 32;

    public int Layers { get; set; } = 1;

    public double LearningRate { get; set; } = 0.01;

    public int BatchSize { get; set; } = 32;

    public string SearchSpace { get; set; } = DefaultSearchSpace;

    public string Sampler { get; set; } = "tpe";

    public long Seed { get; set; }

    public string? Pruner { get; set; } = """{"type": "median"}""";

    public string Metric { get; set; } = "val_accuracy";

    /// <summary>Gets or sets a second objective (in its natural direction) for a multi-objective study, or empty for none.</summary>
    public string? SecondObjective { get; set; }

    public int Trials { get; set; } = 20;

    public double? Minutes { get; set; }

    public int Parallelism { get; set; } = 2;

    public int Epochs { get; set; } = 5;

    public ExperimentSpec ToSpec() => new()
    {
        Name = Name.Trim(),
        Dataset = new DatasetSpec { Type = DatasetType.Trim(), Rows = Rows, Features = Features, Classes = Classes, Seed = DatasetSeed },
        Model = new ModelSpec { Type = ModelType.Trim(), Replicas = Replicas, HiddenUnits = HiddenUnits, Layers = Layers, LearningRate = LearningRate, BatchSize = BatchSize },
        SearchSpace = SearchSpace,
        Sampler = Sampler.Trim(),
        Seed = Seed,
        Pruner = string.IsNullOrWhiteSpace(Pruner) ? null : Pruner,
        Metric = Metric,
        Objectives = string.IsNullOrWhiteSpace(SecondObjective) ? [] : [ObjectiveSpec.For(Metric), ObjectiveSpec.For(SecondObjective.Trim())],
        Budget = new BudgetSpec { Trials = Trials, Minutes = Minutes },
        Parallelism = Parallelism,
        Epochs = Epochs,
    };

    /// <summary>The form field a spec error belongs to: the longest field that prefixes its path, or <c>$</c> for the form as a whole.</summary>
    public static string FieldOf(string path) =>
        Fields.Where(f => path == f || path.StartsWith(f + ".", StringComparison.Ordinal) || path.StartsWith(f + "[", StringComparison.Ordinal))
            .OrderByDescending(f => f.Length)
            .FirstOrDefault() ?? "$";

    /// <summary>A name that works as a grain key and in a URL, or the error to show next to the name field.</summary>
    public string? NameError()
    {
        var name = Name.Trim();
        if (name.Length == 0)
        {
            return "give the experiment a name, e.g. 'mlp-study'";
        }

        return name.Length > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? "use up to 100 letters, digits, '-', '_' or '.'"
            : null;
    }
}
