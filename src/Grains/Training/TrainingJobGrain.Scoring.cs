using BigDL.Compute.Data;

namespace BigDL.Grains;

/// <summary>Distributed inference: each replica scores one contiguous partition of the rows with the trained weights.</summary>
public sealed partial class TrainingJobGrain
{
    /// <inheritdoc/>
    public async Task<EvaluationResult> Evaluate(TrainingDataSpec data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return await EvaluateAsync(Trained(), data, CancellationToken.None);
    }

    /// <inheritdoc/>
    public async Task<PredictionResult> Predict(TrainingDataSpec data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return await PredictAsync(Trained(), data);
    }

    /// <inheritdoc/>
    public async Task<ScoringResult> Score(TrainingDataSpec input, ScoringOutputSpec output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var spec = Trained();
        var keep = output.KeepColumns.IsDefault ? [] : output.KeepColumns;
        var sink = ScoringSink.Create(output);
        if (keep.Length > 0 && input.Kind != "table")
        {
            throw new TrainingSpecException("output.KeepColumns", "copies input columns, which only a table input has");
        }

        var predictions = await PredictAsync(spec, input);

        // Kept columns come from one more read of the input, in the same (deterministic) row order as the partitions.
        var columns = new List<Column> { new NumericColumn("row", [.. Enumerable.Range(0, predictions.Rows).Select(i => (double)i)]) };
        if (keep.Length > 0)
        {
            var frame = TableData.Source(TableData.Table(input).Source, "input.Table.Source").Read();
            frame.RequireColumns(keep, "column to keep");
            if (frame.RowCount != predictions.Rows)
            {
                throw new InvalidOperationException($"{frame.Source} changed while it was scored ({predictions.Rows} rows predicted, {frame.RowCount} now)");
            }

            columns.AddRange(keep.Select(k => frame[k]));
        }

        var values = predictions.Values.Value;
        for (var o = 0; o < predictions.Outputs; o++)
        {
            var column = new double[predictions.Rows];
            for (var r = 0; r < column.Length; r++)
            {
                column[r] = values[(r * predictions.Outputs) + o];
            }

            columns.Add(new NumericColumn(predictions.Outputs == 1 ? "prediction" : $"prediction_{o}", column));
        }

        sink.Write(new Frame(columns, "predictions"));
        return new ScoringResult(predictions.Rows, sink.Target);
    }

    async Task<EvaluationResult> EvaluateAsync(TrainingJobSpec spec, TrainingDataSpec? data, CancellationToken cancellationToken)
    {
        var scores = await ScoreAcrossReplicasAsync(spec, data, predict: false, cancellationToken);
        var rows = scores.Sum(s => s.Rows);
        if (rows == 0)
        {
            throw new TrainingSpecException("data", "has no rows to evaluate");
        }

        var accuracy = TrainingSetup.AccuracyFor(spec.Loss) is null ? (double?)null : scores.Sum(s => s.Rows == 0 ? 0 : s.Correct) / rows;
        return new EvaluationResult(rows, scores.Sum(s => s.LossSum) / rows, accuracy);
    }

    async Task<PredictionResult> PredictAsync(TrainingJobSpec spec, TrainingDataSpec data)
    {
        var scores = await ScoreAcrossReplicasAsync(spec, data, predict: true, CancellationToken.None);
        var rows = scores.Sum(s => s.Rows);
        var outputs = scores.FirstOrDefault(s => s.Rows > 0)?.Outputs ?? 0;
        var values = new float[rows * outputs];
        var at = 0;
        foreach (var score in scores.OrderBy(s => s.Index))
        {
            score.Predictions.Value.CopyTo(values, at);
            at += score.Predictions.Value.Length;
        }

        return new PredictionResult(rows, outputs, values.AsImmutable());
    }

    Task<ReplicaScore[]> ScoreAcrossReplicasAsync(TrainingJobSpec spec, TrainingDataSpec? data, bool predict, CancellationToken cancellationToken) =>
        Task.WhenAll(Replicas(spec).Select((g, p) =>
            WithRetriesAsync(() => g.Score(new ReplicaScoring(Name, spec, p, spec.Replicas, data, predict)), p, record.State.Generation, cancellationToken)));

    TrainingJobSpec Trained()
    {
        var r = record.State;
        return r is { Spec: { } spec, State: TrainingJobState.Completed }
            ? spec
            : throw new InvalidOperationException($"training job '{Name}' is {(r.Spec is null ? "not started" : r.State.ToString())}; only a completed job scores data");
    }
}
