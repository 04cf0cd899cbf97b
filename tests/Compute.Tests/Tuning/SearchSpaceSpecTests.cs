using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.Distributions;
using BigDL.Compute.Tuning.Samplers;
using BigDL.Compute.Tuning.Spec;

namespace BigDL.Compute.Tests.Tuning;

/// <summary>The experiment spec's JSON search space: reading, validation errors that name the field, conditional sampling.</summary>
public class SearchSpaceSpecTests
{
    const string Good = """
        { "parameters": [
          { "name": "lr", "type": "float", "low": 1e-5, "high": 0.1, "log": true },
          { "name": "units", "type": "int", "low": 32, "high": 512, "step": 32 },
          { "name": "optimizer", "type": "categorical", "choices": ["adam", "sgd"] },
          { "name": "momentum", "type": "float", "low": 0, "high": 0.99, "condition": { "parent": "optimizer", "values": ["sgd"] } },
          { "name": "batch", "type": "fixed", "value": 128 } ] }
        """;

    [Fact]
    public void A_valid_spec_reads_every_kind_of_parameter()
    {
        var spec = SearchSpaceSpec.Parse(Good);
        Assert.Equal(["lr", "units", "optimizer", "momentum", "batch"], spec.Parameters.Select(p => p.Name));
        Assert.Equal(new FloatDistribution(1e-5, 0.1, log: true), spec.Parameters[0].Distribution);
        Assert.Equal(new IntDistribution(32, 512, step: 32), spec.Parameters[1].Distribution);
        Assert.Equal("optimizer", spec.Parameters[3].Condition!.Parent);
        Assert.Equal(128L, spec.Parameters[4].FixedValue);
    }

    [Theory]
    [InlineData("""{ "parameters": [] }""", "parameters")]
    [InlineData("""{ "parameters": [ { "name": "a", "type": "float", "low": 2, "high": 1 } ] }""", "parameters[0].low")]
    [InlineData("""{ "parameters": [ { "name": "a", "type": "float", "low": 0, "high": 1, "log": true } ] }""", "parameters[0].low")]
    [InlineData("""{ "parameters": [ { "name": "a", "type": "int", "low": 1, "high": 9 }, { "name": "b", "type": "int", "low": -1, "high": 9, "log": true } ] }""", "parameters[1].low")]
    [InlineData("""{ "parameters": [ { "name": "a", "type": "categorical", "choices": [] } ] }""", "parameters[0].choices")]
    [InlineData("""{ "parameters": [ { "name": "a", "type": "float", "low": 0, "high": 1, "step": -0.1 } ] }""", "parameters[0].step")]
    [InlineData("""{ "parameters": [ { "name": "a", "type": "float", "high": 1 } ] }""", "parameters[0].low")]
    [InlineData("""{ "parameters": [ { "name": "a", "type": "vector" } ] }""", "parameters[0].type")]
    [InlineData("""{ "parameters": [ { "name": "a", "type": "fixed", "value": 1 }, { "name": "a", "type": "fixed", "value": 2 } ] }""", "parameters[1].name")]
    [InlineData("""{ "parameters": [ { "name": "m", "type": "float", "low": 0, "high": 1, "condition": { "parent": "opt", "values": ["sgd"] } } ] }""", "parameters[0].condition.parent")]
    [InlineData("""{ "parameters": [ { "name": "opt", "type": "categorical", "choices": ["adam"] }, { "name": "m", "type": "float", "low": 0, "high": 1, "condition": { "parent": "opt", "values": ["sgd"] } } ] }""", "parameters[1].condition.values[0]")]
    [InlineData("""[1, 2]""", "parameters")]
    [InlineData("""{ "parameters": [ """, "$")]
    public void Invalid_specs_are_rejected_naming_the_field(string json, string path)
    {
        var e = Assert.Throws<SpecException>(() => SearchSpaceSpec.Parse(json));
        Assert.Equal(path, e.Path);
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sampling_a_spec_draws_conditional_parameters_only_under_their_parent_choice()
    {
        var spec = SearchSpaceSpec.Parse(Good);
        var sampler = new RandomSampler(3);
        var study = new StudySnapshot([StudyDirection.Minimize], []);
        var sawSgd = false;
        for (var i = 0; i < 40; i++)
        {
            var (values, trial) = spec.Sample(sampler, study, FrozenTrial.CreateRunning(i));
            var sgd = (string)values["optimizer"]! == "sgd";
            sawSgd |= sgd;
            Assert.Equal(sgd, values.ContainsKey("momentum"));
            Assert.Equal(128L, values["batch"]);
            Assert.Equal(0, (long)values["units"]! % 32);
            Assert.Equal(sgd ? 4 : 3, trial.InternalParams.Count);
            study = study.WithTrial(trial with { State = TrialState.Complete, Values = [i] });
        }

        Assert.True(sawSgd);
    }
}

/// <summary>The experiment spec's pruner section.</summary>
public class PrunerSpecTests
{
    [Fact]
    public void Pruner_specs_build_the_named_pruner_with_optunas_argument_names()
    {
        Assert.IsType<BigDL.Compute.Tuning.Pruners.NopPruner>(PrunerSpec.Parse(null));
        var asha = Assert.IsType<BigDL.Compute.Tuning.Pruners.SuccessiveHalvingPruner>(Parse("""{ "type": "asha", "min_resource": 2, "reduction_factor": 3 }"""));
        Assert.Equal(2, asha.MinResource);
        Assert.Equal(3, asha.ReductionFactor);
        var median = Assert.IsType<BigDL.Compute.Tuning.Pruners.MedianPruner>(Parse("""{ "type": "median", "n_warmup_steps": 4 }"""));
        Assert.Equal(4, median.NWarmupSteps);
        Assert.Equal(50, median.Percentile);
    }

    [Theory]
    [InlineData("""{ "type": "asha", "reduction_factor": 1 }""", "pruner.reduction_factor")]
    [InlineData("""{ "type": "percentile" }""", "pruner.percentile")]
    [InlineData("""{ "type": "percentile", "percentile": 120 }""", "pruner.percentile")]
    [InlineData("""{ "type": "threshold" }""", "pruner.lower")]
    [InlineData("""{ "type": "median", "n_startup_trials": 1.5 }""", "pruner.n_startup_trials")]
    [InlineData("""{ "type": "early" }""", "pruner.type")]
    public void Invalid_pruner_specs_name_the_field(string json, string path)
    {
        var e = Assert.Throws<SpecException>(() => Parse(json));
        Assert.Equal(path, e.Path);
    }

    static BigDL.Compute.Tuning.Pruners.IPruner Parse(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return PrunerSpec.Parse(doc.RootElement.Clone());
    }
}
