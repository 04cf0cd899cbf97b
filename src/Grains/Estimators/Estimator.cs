using BigDL.Compute.Nn;
using BigDL.Compute.Serialization;
using BigDL.Compute.Tensors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BigDL.Grains;

/// <summary>
/// Orca-style estimator: <c>Create(model, optimizer, loss)</c>, then <see cref="FitAsync"/> trains data-parallel through a
/// <see cref="ITrainingJobGrain"/>; <see cref="EvaluateAsync"/>, <see cref="PredictAsync(TrainingDataSpec, CancellationToken)"/>
/// and <see cref="ScoreAsync"/> score data across the job's replicas with the trained weights.
/// </summary>
/// <remarks>
/// Where the grains run is configuration (<c>BigDL:Estimator:Mode</c>), not code: <c>local</c> (the default) hosts an
/// in-process silo with in-memory storage; <c>cluster</c> connects to <c>BigDL:Estimator:Gateway</c> with
/// <c>BigDL:Estimator:ApiKey</c> through an Orleans client (<see cref="BigDLClient"/>). The same calls run either way. Nothing starts or
/// connects until the first fit.
/// </remarks>
public sealed class Estimator : IAsyncDisposable
{
    readonly Model model;
    readonly OptimizerSpec optimizer;
    readonly string loss;
    readonly string modelJson;
    readonly Func<CancellationToken, Task<(IClusterClient Client, IAsyncDisposable? Owned)>> connect;
    (IClusterClient Client, IAsyncDisposable? Owned)? connection;
    ITrainingJobGrain? job;

    Estimator(Model model, OptimizerSpec optimizer, string loss, Func<CancellationToken, Task<(IClusterClient, IAsyncDisposable?)>> connect)
    {
        this.model = model;
        this.optimizer = optimizer;
        this.loss = loss;
        this.connect = connect;
        modelJson = ModelDescription.ToJson(model);
    }

    /// <summary>Gets the model; after <see cref="FitAsync"/> it holds the trained weights.</summary>
    public Model Model => model;

    /// <summary>Gets the training job of the last fit, or null before the first.</summary>
    public ITrainingJobGrain? Job => job;

    /// <summary>Creates an estimator whose run mode <paramref name="configuration"/> names (local when absent).</summary>
    /// <exception cref="NotSupportedException">The mode is unknown.</exception>
    /// <exception cref="InvalidOperationException"><c>cluster</c> mode without <c>BigDL:Estimator:Gateway</c>.</exception>
    public static Estimator Create(Model model, OptimizerSpec optimizer, string loss, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        var mode = configuration?["BigDL:Estimator:Mode"] ?? "local";
        if (string.Equals(mode, "local", StringComparison.OrdinalIgnoreCase))
        {
            return new Estimator(model, optimizer, loss, StartLocalSiloAsync);
        }

        if (!string.Equals(mode, "cluster", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"BigDL:Estimator:Mode '{mode}' is unknown; use local or cluster");
        }

        var gateway = configuration?["BigDL:Estimator:Gateway"];
        if (string.IsNullOrWhiteSpace(gateway))
        {
            throw new InvalidOperationException("BigDL:Estimator:Gateway is required in cluster mode: the silo gateway(s) as host:port[,host:port]");
        }

        var apiKey = configuration?["BigDL:Estimator:ApiKey"] ?? string.Empty;
        return new Estimator(model, optimizer, loss, async ct =>
        {
            var client = await BigDLClient.ConnectAsync(gateway, apiKey, ct);
            return (client.Client, client);
        });
    }

    /// <summary>Creates an estimator on an existing client (a silo's own, or one already connected); disposing the estimator leaves the client open.</summary>
    public static Estimator Create(Model model, OptimizerSpec optimizer, string loss, IClusterClient client)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(client);
        return new Estimator(model, optimizer, loss, _ => Task.FromResult<(IClusterClient, IAsyncDisposable?)>((client, null)));
    }

    /// <summary>
    /// Trains on <paramref name="data"/> as <paramref name="options"/> say and copies the trained weights into <see cref="Model"/>.
    /// Bad options or bad data throw <see cref="TrainingSpecException"/> before training starts.
    /// </summary>
    /// <remarks>
    /// A job may train for hours, so there is no default time limit: <paramref name="cancellationToken"/> bounds the wait
    /// (e.g. <c>new CancellationTokenSource(TimeSpan.FromHours(2)).Token</c>). Cancelling stops the waiting, not the job,
    /// which goes on in the cluster: <see cref="Job"/> still reads its status.
    /// </remarks>
    /// <exception cref="OperationCanceledException">The token was cancelled; the message names the job and its last status.</exception>
    public async Task<EstimatorResult> FitAsync(TrainingDataSpec data, EstimatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var client = await ClientAsync(cancellationToken);
        var spec = new TrainingJobSpec(modelJson, loss, optimizer, data, options.GlobalBatchSize, options.Replicas, options.Shards,
            options.Epochs, options.StepsPerRound, options.CheckpointInterval, options.Seed);
        var key = $"estimator-{Guid.NewGuid():N}";
        var started = client.GetGrain<ITrainingJobGrain>(key);
        await started.Start(spec).WaitAsync(cancellationToken);
        job = started;
        TrainingJobStatus? status = null;
        try
        {
            while ((status = await started.GetStatus().WaitAsync(cancellationToken)).State == TrainingJobState.Running)
            {
                await Task.Delay(PollInterval, cancellationToken); // the job grain has no completion callback yet
            }
        }
        catch (OperationCanceledException e) when (e.CancellationToken == cancellationToken)
        {
            throw new OperationCanceledException($"stopped waiting for training job '{key}' ({await DescribeAsync(started, status)}); the job goes on", e, cancellationToken);
        }

        if (status.State == TrainingJobState.Completed)
        {
            var weights = (await started.GetWeights().WaitAsync(cancellationToken)).Value;
            model.Build(options.Seed);
            weights.CopyTo(model.Parameters.Values, 0);
        }

        return new EstimatorResult(key, status.State, status.Message, status.Epochs, status.Telemetry);
    }

    /// <summary>Loss and accuracy of the trained weights on <paramref name="data"/>, each replica scoring one partition.</summary>
    public Task<EvaluationResult> EvaluateAsync(TrainingDataSpec data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Trained().Evaluate(data).WaitAsync(cancellationToken);
    }

    /// <summary>The model's outputs for every row of <paramref name="data"/>, in input order, each replica predicting one partition.</summary>
    public Task<PredictionResult> PredictAsync(TrainingDataSpec data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Trained().Predict(data).WaitAsync(cancellationToken);
    }

    /// <summary>The model's outputs for in-memory <paramref name="inputs"/>, computed in this process with the trained weights.</summary>
    public Task<Tensor> PredictAsync(IReadOnlyList<Tensor> inputs, CancellationToken cancellationToken = default) =>
        Task.Run(() => model.Predict(inputs), cancellationToken);

    /// <summary>Batch scoring: predicts <paramref name="input"/> (CSV or SQL) across the replicas and writes the rows, in input order, to <paramref name="output"/>.</summary>
    public Task<ScoringResult> ScoreAsync(TrainingDataSpec input, ScoringOutputSpec output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        return Trained().Score(input, output).WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (connection?.Owned is { } owned)
        {
            await owned.DisposeAsync();
        }

        connection = null;
    }

    // The job's status when the caller gave up: read once more (briefly: the cluster may be what stalls), else the last seen.
    static async Task<string> DescribeAsync(ITrainingJobGrain job, TrainingJobStatus? last)
    {
        try
        {
            last = await job.GetStatus().WaitAsync(StatusReadTimeout);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any failure of this last read (timeout, silo gone, refused) leaves the last status seen: it only describes.
        }

        return last is null ? "no status could be read" : $"{last.State} at step {last.Step} of {last.TotalSteps}";
    }

    ITrainingJobGrain Trained() => job ?? throw new InvalidOperationException("the estimator has not been fitted; call FitAsync first");

    async Task<IClusterClient> ClientAsync(CancellationToken cancellationToken)
    {
        connection ??= await connect(cancellationToken);
        return connection.Value.Client;
    }

    static async Task<(IClusterClient, IAsyncDisposable?)> StartLocalSiloAsync(CancellationToken cancellationToken)
    {
        var silo = await LocalSilo.StartAsync(cancellationToken: cancellationToken);
        return (silo.Client, silo);
    }

    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    static readonly TimeSpan StatusReadTimeout = TimeSpan.FromSeconds(5);
}

/// <summary>How an estimator trains: epochs, global batch, replicas, shards, steps per round, checkpoints, seed.</summary>
public sealed record EstimatorOptions(int Epochs, int GlobalBatchSize, int Replicas = 1, int Shards = 1, int StepsPerRound = 1, int CheckpointInterval = 0, int Seed = 0);

/// <summary>How a fit ended, with its per-epoch train and validation metrics and telemetry.</summary>
/// <param name="Job">The training job's key (its status stays readable through <see cref="ITrainingJobGrain"/>).</param>
/// <param name="State">Completed, diverged or failed.</param>
/// <param name="Message">Why it ended.</param>
/// <param name="Epochs">Per-epoch train loss and validation loss and accuracy.</param>
/// <param name="Telemetry">Throughput and the compute/sync split.</param>
public sealed record EstimatorResult(string Job, TrainingJobState State, string? Message, IReadOnlyList<TrainingEpochMetrics> Epochs, TrainingTelemetry Telemetry);
