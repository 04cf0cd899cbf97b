using BigDL.Compute.Metrics;

namespace BigDL.Grains;

/// <summary>Scoring: a replica evaluates or predicts its partition of some rows with the shards' current weights.</summary>
public sealed partial class ModelReplicaGrain
{
    Compute.Training.Dataset? validation;

    /// <inheritdoc/>
    public async Task<ReplicaScore> Score(ReplicaScoring scoring)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        var spec = scoring.Spec;
        EnsureModel(spec);
        var shards = Shards(scoring.Job, spec);
        var pulled = await Task.WhenAll(shards.Select((s, i) => s.GetSlice(spec, i)));
        foreach (var slice in pulled)
        {
            slice.Values.Value.CopyTo(model!.Parameters.Values, slice.Offset); // EnsureModel built it
        }

        if (scoring.Predict)
        {
            var inputs = ScoringData.Inputs(spec, scoring.Data!, scoring.Index, scoring.Partitions); // the driver sends data to predict
            if (inputs is null)
            {
                return new ReplicaScore(scoring.Index, 0, 0, double.NaN, 0, Array.Empty<float>().AsImmutable());
            }

            using var outputs = model!.Predict(inputs);
            var rows = outputs.Dim(0);
            return new ReplicaScore(scoring.Index, rows, 0, double.NaN, outputs.RowLength, outputs.Span.ToArray().AsImmutable());
        }

        // The job's own validation rows are scored after every epoch: read them once per activation.
        var data = scoring.Data is null
            ? validation ??= ScoringData.Labelled(spec, null, scoring.Index, scoring.Partitions)
            : ScoringData.Labelled(spec, scoring.Data, scoring.Index, scoring.Partitions);
        if (data is null)
        {
            return new ReplicaScore(scoring.Index, 0, 0, double.NaN, 0, Array.Empty<float>().AsImmutable());
        }

        var accuracy = TrainingSetup.AccuracyFor(spec.Loss);
        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        var loss = trainer!.Evaluate(data, accuracy is null ? [] : [accuracy], results);
        var correct = accuracy is null ? double.NaN : results[accuracy.Name] * data.Rows;
        return new ReplicaScore(scoring.Index, data.Rows, loss * data.Rows, correct, 0, Array.Empty<float>().AsImmutable());
    }
}
