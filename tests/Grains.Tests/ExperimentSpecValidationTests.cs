namespace BigDL.Grains.Tests;

public sealed class ExperimentSpecValidationTests : IAsyncLifetime
{
    ServiceSilo silo = null!; // set in InitializeAsync

    public async Task InitializeAsync() => silo = await Silos.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    public static TheoryData<string, string> BadSpaces => new()
    {
        { """{"parameters":[{"name":"x","type":"float","low":2,"high":1}]}""", "searchSpace.parameters[0].low" },
        { """{"parameters":[{"name":"x","type":"float","low":0,"high":1,"log":true}]}""", "searchSpace.parameters[0].low" },
        { """{"parameters":[{"name":"c","type":"categorical","choices":[]}]}""", "searchSpace.parameters[0].choices" },
        { """{"parameters":[]}""", "searchSpace.parameters" },
    };

    [Theory]
    [MemberData(nameof(BadSpaces))]
    public async Task A_contradictory_or_empty_search_space_is_rejected_naming_the_field(string space, string field)
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("bad-space-" + Guid.NewGuid());
        var e = await Assert.ThrowsAsync<ExperimentSpecException>(() => grain.Start(Specs.Scripted("s", 3) with { SearchSpace = space }));
        Assert.Equal(field, e.Field);
        Assert.StartsWith(field + ": ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_type_is_rejected_naming_model_type()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("bad-model");
        var e = await Assert.ThrowsAsync<ExperimentSpecException>(() => grain.Start(Specs.Scripted("s", 3) with { Model = new ModelSpec { Type = "transformer" } }));
        Assert.Equal("model.type", e.Field);
        Assert.Contains("mlp-classifier", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_budget_of_zero_trials_is_rejected_naming_budget_trials()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("zero-budget");
        var e = await Assert.ThrowsAsync<ExperimentSpecException>(() => grain.Start(Specs.Scripted("s", 0)));
        Assert.Equal("budget.trials", e.Field);
    }

    [Fact]
    public async Task Data_parallel_trials_whose_batch_size_can_be_smaller_than_the_replicas_are_rejected_naming_the_parameter()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("replicas-batch");
        var space = """{"parameters":[{"name":"learning_rate","type":"float","low":0.001,"high":0.1},{"name":"batch_size","type":"categorical","choices":[2,8,16]}]}""";
        var e = await Assert.ThrowsAsync<ExperimentSpecException>(() => grain.Start(Specs.TinyMlp("s", 2) with { Model = new ModelSpec { Replicas = 4 }, SearchSpace = space }));
        Assert.Equal("searchSpace.parameters[1]", e.Field);
        Assert.Contains("batch_size can be 2, smaller than model.replicas (4)", e.Message, StringComparison.Ordinal);
        Assert.Equal(ExperimentPhase.None, (await grain.GetStatus()).Phase);
    }

    [Fact]
    public async Task Data_parallel_trials_with_a_fixed_batch_smaller_than_the_replicas_are_rejected_naming_model_batch_size()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("replicas-fixed-batch");
        var e = await Assert.ThrowsAsync<ExperimentSpecException>(() => grain.Start(Specs.TinyMlp("s", 2) with { Model = new ModelSpec { Replicas = 8, BatchSize = 4 } }));
        Assert.Equal("model.batchSize", e.Field);
        Assert.Contains("smaller than model.replicas (8)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zero_replicas_are_rejected_naming_model_replicas()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("replicas-zero");
        var e = await Assert.ThrowsAsync<ExperimentSpecException>(() => grain.Start(Specs.TinyMlp("s", 2) with { Model = new ModelSpec { Replicas = 0 } }));
        Assert.Equal("model.replicas", e.Field);
    }

    [Fact]
    public async Task A_bad_pruner_setting_is_rejected_naming_the_pruner_field()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("bad-pruner");
        var e = await Assert.ThrowsAsync<ExperimentSpecException>(() => grain.Start(Specs.Scripted("s", 3, pruner: """{"type":"asha","reduction_factor":1}""")));
        Assert.Equal("pruner.reduction_factor", e.Field);
    }

    [Fact]
    public async Task A_rejected_spec_leaves_the_experiment_unsubmitted()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("rejected-then-fixed");
        await Assert.ThrowsAsync<ExperimentSpecException>(() => grain.Start(Specs.Scripted("s", 0)));
        Assert.Equal(ExperimentPhase.None, (await grain.GetStatus()).Phase);
        await grain.Start(Specs.Scripted("s", 1));
        Assert.NotEqual(ExperimentPhase.None, (await grain.GetStatus()).Phase);
    }

    [Fact]
    public void The_json_form_names_a_field_of_the_wrong_type()
    {
        var e = Assert.Throws<ExperimentSpecException>(() => ExperimentSpecJson.Parse("""{"budget":{"trials":"many"}}"""));
        Assert.Equal("budget.trials", e.Field);
    }

    [Fact]
    public void The_json_form_reads_every_section()
    {
        var spec = ExperimentSpecJson.Parse("""
            { "name": "study", "model": { "type": "mlp-classifier", "hiddenUnits": 8, "learningRate": 0.05 },
              "dataset": { "type": "synthetic-classification", "rows": 64, "features": 3, "classes": 2, "seed": 4 },
              "searchSpace": { "parameters": [ { "name": "x", "type": "float", "low": 0, "high": 1 } ] },
              "sampler": "tpe", "seed": 9, "pruner": { "type": "median" }, "metric": "val_loss",
              "budget": { "trials": 12, "minutes": 1.5 }, "parallelism": 3, "maxRetries": 1, "epochs": 4 }
            """);
        Assert.Equal(("study", 8, 0.05, 64, 4), (spec.Name, spec.Model.HiddenUnits, spec.Model.LearningRate, spec.Dataset.Rows, spec.Dataset.Seed));
        Assert.Equal(("tpe", 9L, "val_loss", 12, 1.5), (spec.Sampler, spec.Seed, spec.Metric, spec.Budget.Trials, spec.Budget.Minutes));
        Assert.Equal((3, 1, 4), (spec.Parallelism, spec.MaxRetries, spec.Epochs));
        Assert.Contains("median", spec.Pruner, StringComparison.Ordinal);
        Assert.Contains("parameters", spec.SearchSpace, StringComparison.Ordinal);
        Assert.False(spec.Maximize);
    }
}
