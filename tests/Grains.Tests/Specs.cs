namespace BigDL.Grains.Tests;

/// <summary>Small specs for tests.</summary>
public static class Specs
{
    public const string XSpace = """{"parameters":[{"name":"x","type":"float","low":0,"high":1}]}""";

    /// <summary>A study of the scripted objective over x in [0, 1] with a seeded random sampler.</summary>
    public static ExperimentSpec Scripted(string name, int trials, int parallelism = 1, string? pruner = null, int epochs = 3, int maxRetries = 2) => new()
    {
        Name = name,
        Model = new ModelSpec { Type = ScriptedObjective.Type },
        SearchSpace = XSpace,
        Sampler = "random",
        Seed = 3,
        Pruner = pruner,
        Budget = new BudgetSpec { Trials = trials },
        Parallelism = parallelism,
        MaxRetries = maxRetries,
        Epochs = epochs,
    };

    /// <summary>A tiny MLP study on generated data: learning rate and width sampled, two epochs per trial.</summary>
    public static ExperimentSpec TinyMlp(string name, int trials) => new()
    {
        Name = name,
        Dataset = new DatasetSpec { Rows = 96, Features = 4, Classes = 3, Seed = 1 },
        Model = new ModelSpec { BatchSize = 16 },
        SearchSpace = """
            {"parameters":[
              {"name":"learning_rate","type":"float","low":0.001,"high":0.1,"log":true},
              {"name":"hidden_units","type":"int","low":4,"high":16},
              {"name":"optimizer_note","type":"fixed","value":"adam"}]}
            """,
        Sampler = "random",
        Seed = 11,
        Budget = new BudgetSpec { Trials = trials },
        Parallelism = 2,
        Epochs = 2,
    };
}
