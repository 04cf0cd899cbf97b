using System.Collections.Immutable;
using Orleans.Concurrency;

namespace BigDL.Grains.Tests;

/// <summary>The records the AutoML grains exchange must cross silos: they round-trip through Orleans' serializer.</summary>
public sealed class WireFormatTests
{
    static T RoundTrip<T>(T value) => Wire.RoundTrip(value);

    public static TheoryData<Type> ContractTypes() => [.. ContractSamples.SerializableTypes().OrderBy(t => t.Name, StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ContractTypes))]
    public void Every_contract_type_round_trips_with_every_field_kept(Type type)
    {
        var value = ContractSamples.Create(type);
        Assert.All(ContractSamples.Fields(type), f => Assert.False(IsDefault(f.GetValue(value)), $"the sample leaves {f.Name} at its default, so dropping it would go unseen"));

        var back = Wire.Serializer.Deserialize<object>(Wire.Serializer.SerializeToArray<object>(value));

        Assert.Null(ContractSamples.Difference(value, back, type.Name));
    }

    [Fact]
    public void The_contract_holds_the_types_the_grains_exchange()
    {
        var types = ContractSamples.SerializableTypes().ToHashSet();

        Assert.Superset(new HashSet<Type> { typeof(ExperimentSpec), typeof(TrialInfo), typeof(ShardPush), typeof(TrainingJobSpec), typeof(ExperimentSpecException) }, types);
    }

    [Fact]
    public void An_exception_of_the_compute_core_crosses_the_wire_with_its_type_and_message()
    {
        // Compute knows nothing of Orleans, so its exceptions have no generated codec: the BigDL namespace prefix carries them.
        Exception thrown = new BigDL.Compute.Data.DatasetException("column 'price' is missing from data.csv");

        var back = Wire.Serializer.Deserialize<Exception>(Wire.Serializer.SerializeToArray(thrown));

        Assert.IsType<BigDL.Compute.Data.DatasetException>(back);
        Assert.Equal("column 'price' is missing from data.csv", back.Message);
    }

    [Fact]
    public void A_trial_assignment_round_trips_with_mixed_parameter_values()
    {
        var assignment = new TrialAssignment("study", 3, 2, Specs.TinyMlp("study", 4) with { Pruner = """{"type":"median"}""" },
            ImmutableDictionary<string, object?>.Empty.Add("learning_rate", 0.01).Add("hidden_units", 16L).Add("optimizer", "adam").Add("none", null));

        var back = RoundTrip(assignment);

        Assert.Equal(assignment.Spec, back.Spec);
        Assert.Equal((3, 2, "study"), (back.Number, back.Attempt, back.Experiment));
        Assert.Equal(0.01, back.Params["learning_rate"]);
        Assert.Equal(16L, back.Params["hidden_units"]);
        Assert.Equal("adam", back.Params["optimizer"]);
        Assert.Null(back.Params["none"]);
    }

    [Fact]
    public void A_trial_result_round_trips_with_its_model_bytes()
    {
        var result = new TrialResult(1, 1, TrialStatus.Complete, 0.9, null, new byte[] { 1, 2, 3 }.AsImmutable());

        var back = RoundTrip(result);

        Assert.Equal((TrialStatus.Complete, 0.9), (back.Status, back.Value));
        Assert.Equal([1, 2, 3], back.Model!.Value.Value);
    }

    [Fact]
    public void Trial_infos_and_status_round_trip()
    {
        var info = new TrialInfo(2, TrialStatus.Pruned, ImmutableDictionary<string, object?>.Empty.Add("x", 0.5), 0.4,
            [new StepValue(1, 0.4)], 2, "pruned after epoch 1")
        {
            Attempts = [new TrialAttempt(1, "127.0.0.1:1@1", DateTime.UtcNow, DateTime.UtcNow), new TrialAttempt(2, null, DateTime.UtcNow, null)],
        };
        var status = new ExperimentStatus("s", ExperimentPhase.Running, 1, 2, 3, 4, 10, 0.9, 5, DateTime.UtcNow, null) { Silo = "127.0.0.1:2@1" };

        var infos = RoundTrip(ImmutableArray.Create(info));

        Assert.Equal("pruned after epoch 1", infos[0].Reason);
        Assert.Equal(info.Attempts.ToArray(), infos[0].Attempts.ToArray()); // ImmutableArray's own Equals compares references
        Assert.Equal(new StepValue(1, 0.4), infos[0].IntermediateValues[0]);
        Assert.Equal(status, RoundTrip(status));
    }

    [Fact]
    public void A_training_job_progress_and_a_margin_of_generated_rows_round_trip()
    {
        var progress = new TrainingJobProgress(TrainingJobState.Stopped, "stopped at step 4 of 9: pruned", [new TrainingEpochMetrics(1, 0.9, 0.8, 0.6)]);
        var data = new TrainingDataSpec("classification", 100, 4, 3, 1, 25) { Margin = 0.25 };

        var back = RoundTrip(progress);

        Assert.Equal((progress.State, progress.Message), (back.State, back.Message));
        Assert.Equal(progress.Epochs.ToArray(), back.Epochs.ToArray());
        Assert.Equal(0.25, RoundTrip(data).Margin);
    }

    static bool IsDefault(object? value) =>
        value is null || (value.GetType().IsValueType && value.Equals(Activator.CreateInstance(value.GetType())));
}
