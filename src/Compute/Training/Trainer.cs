using System.Diagnostics;
using System.Numerics.Tensors;
using BigDL.Compute.Losses;
using BigDL.Compute.Metrics;
using BigDL.Compute.Nn;
using BigDL.Compute.Optim;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Training;

/// <summary>The local training loop: batches, forward/backward, optimizer steps, validation, early stopping.</summary>
/// <remarks>
/// Batch tensors are allocated once and resized in place, so a warm <see cref="TrainStep"/> allocates nothing.
/// A step whose loss is NaN or infinite is not applied: <see cref="Fit"/> stops and says so.
/// </remarks>
public sealed class Trainer
{
    readonly Tensor?[] _batchInputs;
    readonly Tensor[] _batchView;
    Tensor? _batchTarget;

    /// <summary>Creates a trainer for a model (built with seed 0 if not built yet).</summary>
    public Trainer(Model model, Loss loss, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Loss = loss ?? throw new ArgumentNullException(nameof(loss));
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        model.Build(model.Seed);
        _batchInputs = new Tensor?[model.InputShapes.Count];
        _batchView = new Tensor[model.InputShapes.Count];
    }

    /// <summary>The model trained.</summary>
    public Model Model { get; }

    /// <summary>The loss minimised.</summary>
    public Loss Loss { get; }

    /// <summary>The optimizer applied to all parameters.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>
    /// Gets or sets whether <see cref="TrainStep"/> refuses a step whose gradients hold NaN or infinity (a finite loss can
    /// still overflow in backward). Costs one read of the gradient buffer per step. Default true.
    /// </summary>
    public bool CheckGradients { get; set; } = true;

    /// <summary>Gets or sets the maximum global gradient norm applied by <see cref="TrainStep"/>, or null.</summary>
    public float? ClipGradientNorm { get; set; }

    /// <summary>Trains on <paramref name="train"/> as <paramref name="options"/> say.</summary>
    public FitResult Fit(Dataset train, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize <= 0 || options.Epochs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "batch size and epochs must be positive");
        }

        CheckFits(train, "training");
        train.CheckFinite();
        if (options.Validation is { } validation)
        {
            CheckFits(validation, "validation");
            validation.CheckFinite();
        }

        ClipGradientNorm = options.ClipGradientNorm;
        var order = new int[train.Rows];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var random = new Random(options.Seed);
        var history = new List<EpochResult>();
        var stopping = options.EarlyStopping;
        var higher = stopping?.HigherIsBetter ?? HigherIsBetter(stopping?.Monitor, options.Metrics);
        double? best = null;
        var bestEpoch = 0;
        var sinceBest = 0;
        float[]? bestWeights = null;
        long steps = 0;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            if (options.Shuffle)
            {
                random.Shuffle(order);
            }

            double lossSum = 0;
            for (var start = 0; start < train.Rows; start += options.BatchSize)
            {
                var n = Math.Min(options.BatchSize, train.Rows - start);
                var loss = TrainStep(train, order.AsSpan(start, n));
                if (!float.IsFinite(loss))
                {
                    var message = $"loss or gradients became {loss} at epoch {epoch}, step {steps + 1} (batch rows {start}..{start + n - 1}); the step was not applied";
                    return new FitResult(history, StopReason.NonFiniteLoss, message, steps, bestEpoch);
                }

                lossSum += loss * n;
                steps++;
            }

            double? validationLoss = null;
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            if (options.Validation is { } v)
            {
                validationLoss = Evaluate(v, options.Metrics, metrics);
            }

            var result = new EpochResult(epoch, lossSum / train.Rows, validationLoss, metrics, clock.Elapsed.TotalSeconds);
            history.Add(result);
            if (stopping is not null && result.Get(stopping.Monitor) is { } value)
            {
                if (best is null || (higher ? value > best + stopping.MinDelta : value < best - stopping.MinDelta))
                {
                    best = value;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    if (stopping.RestoreBestWeights)
                    {
                        bestWeights ??= new float[Model.Parameters.Length];
                        Model.Parameters.Values.CopyTo(bestWeights, 0);
                    }
                }
                else if (++sinceBest >= stopping.Patience)
                {
                    bestWeights?.CopyTo(Model.Parameters.Values, 0);
                    return new FitResult(history, StopReason.EarlyStopped,
                        $"{stopping.Monitor} did not improve for {stopping.Patience} epochs; best {best:G6} at epoch {bestEpoch}", steps, bestEpoch);
                }
            }

            if (options.OnEpochEnd is { } callback && !callback(result))
            {
                return new FitResult(history, StopReason.StoppedByCallback, $"stopped by the epoch callback after epoch {epoch}", steps, bestEpoch);
            }
        }

        if (stopping is not null && stopping.RestoreBestWeights && bestWeights is not null)
        {
            bestWeights.CopyTo(Model.Parameters.Values, 0);
        }

        return new FitResult(history, StopReason.Completed, $"completed {options.Epochs} epochs", steps, bestEpoch);
    }

    /// <summary>
    /// One step on the given rows: gather, zero grads, forward, loss, backward, clip, optimizer step.
    /// Returns the loss; a non-finite loss, or non-finite gradients (then NaN is returned), leave the parameters untouched.
    /// </summary>
    public float TrainStep(Dataset data, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (rows.IsEmpty)
        {
            throw new ArgumentException("empty batch: no rows given", nameof(rows));
        }

        var loss = ComputeGradients(data, rows);
        if (!float.IsFinite(loss))
        {
            return loss;
        }

        if (CheckGradients && !float.IsFinite(TensorPrimitives.Sum(Model.Parameters.Gradients)))
        {
            return float.NaN;
        }

        if (ClipGradientNorm is { } max)
        {
            GradientClipping.ClipByNorm(Model.Parameters.Gradients, max);
        }

        Optimizer.Step(Model.Parameters);
        return loss;
    }

    /// <summary>
    /// Gathers the rows into the trainer's batch tensors and fills the model's flat gradient buffer (zeroed first);
    /// returns the loss. A data-parallel replica calls this and ships the gradients instead of stepping.
    /// </summary>
    public float ComputeGradients(Dataset data, ReadOnlySpan<int> rows)
    {
        GatherBatch(data, rows);
        return Model.ComputeGradients(_batchView, _batchTarget!, Loss); // Gather sets _batchTarget
    }

    /// <summary>
    /// Like <see cref="ComputeGradients"/> but adds into the gradient buffer as it is (the caller zeroes what needs it,
    /// e.g. only the <see cref="Model.ParameterRangesUsed"/> of the last step); returns the loss.
    /// </summary>
    public float AccumulateGradients(Dataset data, ReadOnlySpan<int> rows)
    {
        GatherBatch(data, rows);
        return Model.AccumulateGradients(_batchView, _batchTarget!, Loss); // Gather sets _batchTarget
    }

    // The checks both gradient entry points make before gathering a replica's rows.
    void GatherBatch(Dataset data, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (rows.IsEmpty)
        {
            throw new ArgumentException("empty batch: no rows given", nameof(rows));
        }

        Gather(data, rows);
    }

    /// <summary>Mean loss over <paramref name="data"/> and the given metrics (added to <paramref name="results"/>).</summary>
    public double Evaluate(Dataset data, IReadOnlyList<Metric> metrics, IDictionary<string, double> results)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(results);
        using var predictions = Model.Predict(data.Inputs);
        var loss = Loss.Forward(predictions, data.Targets);
        foreach (var metric in metrics)
        {
            results[metric.Name] = metric.Compute(predictions, data.Targets);
        }

        return loss;
    }

    void Gather(Dataset data, ReadOnlySpan<int> rows)
    {
        for (var i = 0; i < _batchInputs.Length; i++)
        {
            GatherRows(data.Inputs[i], rows, ref _batchInputs[i]);
            _batchView[i] = _batchInputs[i]!;
        }

        GatherRows(data.Targets, rows, ref _batchTarget);
    }

    static void GatherRows(Tensor source, ReadOnlySpan<int> rows, ref Tensor? batch)
    {
        Span<int> shape = stackalloc int[source.Rank];
        source.Shape.CopyTo(shape);
        shape[0] = rows.Length;
        Tensor.Ensure(ref batch, shape);
        var width = source.RowLength;
        var from = source.Span;
        var to = batch.Span;
        for (var r = 0; r < rows.Length; r++)
        {
            from.Slice(rows[r] * width, width).CopyTo(to.Slice(r * width, width));
        }
    }

    void CheckFits(Dataset data, string what)
    {
        if (data.Inputs.Count != Model.InputShapes.Count)
        {
            throw new ArgumentException($"{what} data has {data.Inputs.Count} input tensor(s); the model takes {Model.InputShapes.Count}");
        }

        for (var i = 0; i < data.Inputs.Count; i++)
        {
            if (!data.Inputs[i].Shape[1..].SequenceEqual(Model.InputShapes[i]))
            {
                throw new ShapeMismatchException(
                    $"{what} input {i} {data.Inputs[i]} does not match the model input [rows, {string.Join(", ", Model.InputShapes[i])}]");
            }
        }
    }

    static bool HigherIsBetter(string? monitor, IReadOnlyList<Metric> metrics) =>
        monitor is not null && metrics.FirstOrDefault(m => m.Name == monitor) is { HigherIsBetter: true };
}
