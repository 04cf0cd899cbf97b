using BigDL.Orleans.Compute.Nn;
using BigDL.Orleans.Compute.Serialization;
using BigDL.Orleans.Compute.Tensors;
using BigDL.Orleans.Compute.Training;
using BigDL.Orleans.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Grains;

/// <summary>
/// Orca-style estimator: <c>Create(model, optimizer, loss)</c>, then <see cref="FitAsync"/> trains data-parallel through a
/// <see cref="ITrainingJobGrain"/>; <see cref="EvaluateAsync"/> and <see cref="PredictAsync"/> use the trained weights.
/// </summary>
/// <remarks>
/// Where the grains run is configuration (<c>BigDL:Estimator:Mode</c>), not code: <c>local</c> (the default) hosts an
/// in-process silo with in-memory storage; <c>cluster</c> needs the cluster client, which is not wired yet and says so.
/// Evaluation and prediction run in the caller's process on the weights the job trained.
/// </remarks>
public sealed class Estimator : IAsyncDisposable
{
    readonly IHost? host;
    readonly IClusterClient client;
    readonly Model model;
    readonly OptimizerSpec optimizer;
    readonly string loss;
    readonly string modelJson;

    Estimator(IHost? host, IClusterClient client, Model model, OptimizerSpec optimizer, string loss)
    {
        this.host = host;
        this.client = client;
        this.model = model;
        this.optimizer = optimizer;
        this.loss = loss;
        modelJson = ModelDescription.ToJson(model);
    }

    /// <summary>Gets the model; after <see cref="FitAsync"/> it holds the trained weights.</summary>
    public Model Model => model;

    /// <summary>Creates an estimator, starting the run mode <paramref name="configuration"/> names (local when absent).</summary>
    public static async Task<Estimator> CreateAsync(Model model, OptimizerSpec optimizer, string loss, IConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        var mode = configuration?["BigDL:Estimator:Mode"] ?? "local";
        if (!string.Equals(mode, "local", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"BigDL:Estimator:Mode '{mode}' is not available yet: only 'local' runs until the cluster client is wired");
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddFilter(_ => false);
        builder.UseBigDLSilo(o =>
        {
            o.Storage = "memory";
            o.AddGrainAssembly(typeof(TrainingJobGrain).Assembly);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new Estimator(host, host.Services.GetRequiredService<IClusterClient>(), model, optimizer, loss);
    }

    /// <summary>Trains on <paramref name="data"/> as <paramref name="options"/> say; bad options throw <see cref="TrainingSpecException"/> before training.</summary>
    public async Task<EstimatorResult> FitAsync(TrainingDataSpec data, EstimatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var spec = new TrainingJobSpec(modelJson, loss, optimizer, data, options.GlobalBatchSize, options.Replicas, options.Shards,
            options.Epochs, options.StepsPerRound, options.CheckpointInterval, options.Seed);
        var job = client.GetGrain<ITrainingJobGrain>($"estimator-{Guid.NewGuid():N}");
        await job.Start(spec);
        TrainingJobStatus status;
        while ((status = await job.GetStatus()).State == TrainingJobState.Running)
        {
            await Task.Delay(PollInterval, cancellationToken); // the job grain has no completion callback yet
        }

        var weights = (await job.GetWeights()).Value;
        model.Build(options.Seed);
        weights.CopyTo(model.Parameters.Values, 0);
        return new EstimatorResult(status.State, status.Message, status.Epochs, status.Telemetry);
    }

    /// <summary>The loss of the current weights on the training rows <paramref name="data"/> generates.</summary>
    public Task<double> EvaluateAsync(TrainingDataSpec data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Task.Run(() =>
        {
            var trainer = new Trainer(model, TrainingSetup.CreateLoss(loss), new Compute.Optim.Sgd(1)); // evaluation only
            return trainer.Evaluate(TrainingData.Generate(data), [], new Dictionary<string, double>(StringComparer.Ordinal));
        }, cancellationToken);
    }

    /// <summary>The model's outputs for <paramref name="inputs"/> with the current weights.</summary>
    public Task<Tensor> PredictAsync(IReadOnlyList<Tensor> inputs, CancellationToken cancellationToken = default) =>
        Task.Run(() => model.Predict(inputs), cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
}

/// <summary>How an estimator trains: epochs, global batch, replicas, shards, steps per round, checkpoints, seed.</summary>
public sealed record EstimatorOptions(int Epochs, int GlobalBatchSize, int Replicas = 1, int Shards = 1, int StepsPerRound = 1, int CheckpointInterval = 0, int Seed = 0);

/// <summary>How a fit ended, with its per-epoch train and validation metrics and telemetry.</summary>
/// <param name="State">Completed, diverged or failed.</param>
/// <param name="Message">Why it ended.</param>
/// <param name="Epochs">Per-epoch train and validation loss.</param>
/// <param name="Telemetry">Throughput and the compute/sync split.</param>
public sealed record EstimatorResult(TrainingJobState State, string? Message, IReadOnlyList<TrainingEpochMetrics> Epochs, TrainingTelemetry Telemetry);
