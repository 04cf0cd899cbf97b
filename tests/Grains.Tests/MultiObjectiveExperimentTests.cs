using System.Collections.Immutable;
using BigDL.Compute.Serialization;

namespace BigDL.Grains.Tests;

/// <summary>Multi-objective studies run by the experiment grain: value vectors, the Pareto front, scalarised pruning, spec errors.</summary>
public sealed class MultiObjectiveExperimentTests : IAsyncLifetime
{
    const string XySpace = """{"parameters":[{"name":"x","type":"float","low":0,"high":1},{"name":"y","type":"float","low":0,"high":1}]}""";

    static readonly ImmutableArray<ObjectiveSpec> AccuracyAndLatency =
        [new("val_accuracy", ObjectiveDirection.Maximize), new("latency_ms", ObjectiveDirection.Minimize)];

    ServiceSilo silo = null!; // set in InitializeAsync

    public async Task InitializeAsync() => silo = await Silos.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    static ExperimentSpec Vector(string name, int trials, string sampler = "tpe", string? pruner = null) => new()
    {
        Name = name,
        Model = new ModelSpec { Type = VectorObjective.Type },
        SearchSpace = XySpace,
        Objectives = AccuracyAndLatency,
        Metric = "val_accuracy",
        Sampler = sampler,
        Seed = 5,
        Pruner = pruner,
        Budget = new BudgetSpec { Trials = trials },
        Parallelism = 2,
        Epochs = 3,
    };

    static Task<ExperimentStatus> FinishedAsync(IExperimentGrain grain) =>
        Eventually.MatchesAsync(grain.GetStatus, s => s.IsFinished, "the experiment finished");

    static bool Dominates(TrialInfo a, TrialInfo b) =>
        a.Values[0] >= b.Values[0] && a.Values[1] <= b.Values[1] && (a.Values[0] > b.Values[0] || a.Values[1] < b.Values[1]);

    [Theory]
    [InlineData("tpe")]
    [InlineData("nsga2")]
    [InlineData("auto")]
    public async Task A_two_objective_study_keeps_each_trials_values_and_exposes_exactly_its_pareto_front(string sampler)
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("pareto-" + sampler);
        await grain.Start(Vector("pareto-" + sampler, 16, sampler));
        var status = await FinishedAsync(grain);

        var trials = await grain.GetTrials();
        var front = await grain.GetBestTrials();

        Assert.Equal(16, status.Complete);
        Assert.All(trials, t => Assert.Equal([(double)t.Params["x"]!, (double)t.Params["y"]!], t.Values.ToArray()));
        Assert.All(trials, t => Assert.Equal(t.Values[0], t.Value));
        Assert.NotEmpty(front);
        Assert.All(front, f => Assert.DoesNotContain(trials, t => Dominates(t, f)));
        Assert.All(trials.Where(t => front.All(f => f.Number != t.Number)), t => Assert.Contains(front, f => Dominates(f, t)));
        Assert.Equal(front.Select(f => f.Number), status.BestTrials.ToArray());
        Assert.Null(status.BestValue);
        Assert.Null(await grain.GetBestTrial());
    }

    [Fact]
    public async Task A_single_objective_study_reports_its_best_trial_as_its_only_best_trial()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("single-best");
        await grain.Start(Specs.Scripted("single-best", 5));
        var status = await FinishedAsync(grain);

        var best = await grain.GetBestTrial();

        Assert.Equal([best!.Number], (await grain.GetBestTrials()).Select(t => t.Number));
        Assert.Equal([best.Number], status.BestTrials.ToArray());
        Assert.Equal([best.Value!.Value], best.Values.ToArray());
    }

    [Fact]
    public async Task A_json_spec_with_a_weighted_pruner_prunes_on_the_weighted_score()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("weighted");
        await grain.Submit("""
            { "name": "weighted", "model": { "type": "vector" },
              "searchSpace": { "parameters": [ { "name": "x", "type": "float", "low": 0, "high": 1 }, { "name": "y", "type": "float", "low": 0, "high": 1 } ] },
              "objectives": [ { "metric": "val_accuracy" }, { "metric": "latency_ms", "direction": "minimize" } ],
              "sampler": "random", "seed": 2, "pruner": { "type": "median", "n_startup_trials": 2, "weights": [1, 2] },
              "budget": { "trials": 14 }, "epochs": 3 }
            """);
        await FinishedAsync(grain);

        var trials = await grain.GetTrials();
        var spec = await grain.GetSpec();

        Assert.Equal(AccuracyAndLatency.ToArray(), spec!.Objectives.ToArray());
        Assert.Contains(trials, t => t.Status == TrialStatus.Pruned);
        Assert.All(trials, t => Assert.All(t.IntermediateValues, v => Assert.Equal((double)t.Params["x"]! - (2 * (double)t.Params["y"]!), v.Value, 12)));
        Assert.All(trials.Where(t => t.Status == TrialStatus.Pruned), t => Assert.Empty(t.Values));
    }

    [Fact]
    public async Task Parameter_importance_follows_the_parameter_each_objective_depends_on()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("importance-mo");
        await grain.Start(Vector("importance-mo", 20, "random"));
        await FinishedAsync(grain);

        Assert.Equal("x", (await grain.GetParameterImportance())[0].Name);
        Assert.Equal("x", (await grain.GetParameterImportanceOf(0))[0].Name);
        Assert.Equal("y", (await grain.GetParameterImportanceOf(1))[0].Name);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.GetParameterImportanceOf(2));
    }

    [Fact]
    public async Task An_mlp_study_on_accuracy_latency_and_size_measures_each_and_registers_pareto_models()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("mlp-mo");
        await grain.Start(Specs.TinyMlp("mlp-mo", 4) with
        {
            Objectives = [new("val_accuracy", ObjectiveDirection.Maximize), new("latency_ms", ObjectiveDirection.Minimize), new("parameters", ObjectiveDirection.Minimize)],
            Sampler = "nsga2",
        });
        await FinishedAsync(grain);

        var trials = await grain.GetTrials();
        var versions = await silo.Client.GetGrain<IModelRegistryGrain>("mlp-mo").List();
        var latest = await silo.Client.GetGrain<IModelRegistryGrain>("mlp-mo").Get();
        using var stream = new MemoryStream(latest!.Safetensors.Value);

        Assert.All(trials, t => Assert.Equal(TrialStatus.Complete, t.Status));
        Assert.All(trials, t => Assert.InRange(t.Values[0], 0, 1));
        Assert.All(trials, t => Assert.True(t.Values[1] > 0, "latency is measured"));
        // 4 features -> h hidden -> 3 classes: 4h + h weights and biases in, 3h + 3 out.
        Assert.All(trials, t => Assert.Equal((8 * (long)t.Params["hidden_units"]!) + 3, t.Values[2]));
        Assert.NotEmpty(versions);
        Assert.Equal(["latency_ms", "parameters", "val_accuracy"], latest.Info.Metrics.Keys.Order(StringComparer.Ordinal));
        Assert.True(ModelSerializer.Load(stream).Parameters.Count > 0);
    }

    public static TheoryData<string, string> BadSpecs => new()
    {
        { """ "objectives": [ { "metric": "val_accuracy" }, { "metric": "flops" } ] """, "objectives[1].metric" },
        { """ "objectives": [ { "metric": "val_accuracy" }, { "metric": "val_accuracy" } ] """, "objectives[1].metric" },
        { """ "objectives": [ { "metric": "val_accuracy", "direction": "up" } ] """, "objectives[0].direction" },
        { """ "objectives": [] """, "objectives" },
        { """ "objectives": [ { "metric": "val_accuracy" }, { "metric": "latency_ms" } ], "sampler": "gp" """, "sampler" },
        { """ "objectives": [ { "metric": "val_accuracy" }, { "metric": "latency_ms" } ], "pruner": { "type": "asha" } """, "pruner" },
        { """ "objectives": [ { "metric": "val_accuracy" }, { "metric": "latency_ms" } ], "pruner": { "type": "asha", "weights": [1] } """, "pruner.weights" },
        { """ "objectives": [ { "metric": "val_accuracy" }, { "metric": "latency_ms" } ], "pruner": { "type": "asha", "weights": [0, -1] } """, "pruner.weights" },
        { """ "pruner": { "type": "median", "weights": [1] } """, "pruner.weights" },
        { """ "metric": "val_loss", "objectives": [ { "metric": "val_accuracy" }, { "metric": "latency_ms" } ] """, "metric" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public async Task Bad_multi_objective_specs_are_rejected_naming_the_field_and_leave_the_experiment_unsubmitted(string fields, string field)
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("bad-mo-" + Guid.NewGuid());
        var json = $$"""{ "model": { "type": "vector" }, "searchSpace": {{XySpace}}, {{fields}} }""";

        var e = await Assert.ThrowsAsync<ExperimentSpecException>(() => grain.Submit(json));

        Assert.Equal(field, e.Field);
        Assert.StartsWith(field + ": ", e.Message, StringComparison.Ordinal);
        Assert.Null(await grain.GetSpec());
    }

    [Fact]
    public async Task A_pruner_refused_for_several_objectives_says_to_give_weights()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("no-weights");

        var e = await Assert.ThrowsAsync<ExperimentSpecException>(() => grain.Start(Vector("no-weights", 4, pruner: """{"type":"median"}""")));

        Assert.Contains("pruner.weights", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_objective_spec_keeps_value_equality_and_crosses_the_wire()
    {
        var spec = Vector("wire", 4);

        var back = Wire.RoundTrip(spec);

        Assert.Equal(spec, back);
        Assert.Equal(spec, Vector("wire", 4));
        Assert.NotEqual(spec, spec with { Objectives = [.. AccuracyAndLatency.Reverse()] });
        Assert.True(back.IsMultiObjective);
    }
}
