using System.Collections.Immutable;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Grains.Tests;

/// <summary>The records the AutoML grains exchange must cross silos: they round-trip through the runtime's binary serializer.</summary>
public sealed class WireFormatTests
{
    readonly BinarySerializer serializer = new();

    T RoundTrip<T>(T value)
    {
        Assert.True(serializer.CanSerialize(typeof(T), out var reason), reason);
        return serializer.Deserialize<T>(serializer.SerializeToArray(value));
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
}
