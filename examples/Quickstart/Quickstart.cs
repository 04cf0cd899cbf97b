using System.Globalization;
using BigDL.Compute.Serialization;
using BigDL.Compute.Training;
using BigDL.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BigDL.Examples.Quickstart;

/// <summary>The example's steps: connect, submit, watch, fetch the best model, predict.</summary>
public static class Quickstart
{
    /// <summary>The experiment the example submits: TPE over an MLP's learning rate and width, median pruning, six trials.</summary>
    public static ExperimentSpec Spec(string name) => new()
    {
        Name = name,
        Model = new ModelSpec { Type = "mlp-classifier", Layers = 1 },
        Dataset = new DatasetSpec { Rows = 2000, Features = 8, Classes = 3, Seed = 1 },
        SearchSpace = """
            { "parameters": [
              { "name": "learning_rate", "type": "float", "low": 0.001, "high": 0.1, "log": true },
              { "name": "hidden_units", "type": "int", "low": 8, "high": 64 } ] }
            """,
        Sampler = "tpe",
        Pruner = """{ "type": "median", "n_startup_trials": 2 }""",
        Metric = "val_accuracy",
        Budget = new BudgetSpec { Trials = 6 },
        Parallelism = 2,
        Epochs = 4,
    };

    /// <summary>Runs the example against the cluster at <paramref name="gateway"/>, writing what happens to <paramref name="log"/>.</summary>
    public static async Task<QuickstartResult> RunAsync(string gateway, string apiKey, string name, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);

        // 1. Connect: an Orleans client host with the service's one client registration (payload codecs, the API key).
        var gateways = await BigDLClient.ParseGatewaysAsync(gateway, cancellationToken);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(orleans => orleans.UseStaticClustering(gateways).AddBigDL(apiKey));
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            return await RunAsync(host.Services.GetRequiredService<IClusterClient>(), name, log, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Runs the example's steps through <paramref name="client"/>.</summary>
    public static async Task<QuickstartResult> RunAsync(IClusterClient client, string name, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(log);
        await log.WriteLineAsync("connected");

        // 2. Submit: the experiment grain validates the spec (ExperimentSpecException names the field) and starts trials.
        var experiment = client.GetGrain<IExperimentGrain>(name);
        await experiment.Start(Spec(name));
        await log.WriteLineAsync($"submitted experiment {name}");

        // 3. Watch: trial changes are pushed to an observer; the status tells when the experiment is done.
        var observer = new TrialLog(log);
        var reference = client.CreateObjectReference<IExperimentObserver>(observer);
        await experiment.Subscribe(reference);
        ExperimentStatus status;
        try
        {
            while (!(status = await experiment.GetStatus()).IsFinished)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
        finally
        {
            await experiment.Unsubscribe(reference);
            client.DeleteObjectReference<IExperimentObserver>(reference);

            // Orleans holds an observer only weakly: without this the observer may be collected while the experiment runs
            // (nothing else uses it after CreateObjectReference), its updates are dropped and DeleteObjectReference throws.
            GC.KeepAlive(observer);
        }

        var best = await experiment.GetBestTrial();
        await log.WriteLineAsync($"{name} {status.Phase}: {status.Complete} complete, {status.Pruned} pruned, {status.Failed} failed");
        if (best is null)
        {
            await log.WriteLineAsync("no trial completed, so there is no model to predict with");
            return new QuickstartResult(status, null, null);
        }

        await log.WriteLineAsync($"best trial: #{best.Number} val_accuracy={best.Value?.ToString("0.####", CultureInfo.InvariantCulture)}");

        // 4. Predict: the experiment registered its best model under its own name; load it here and score new rows.
        var version = await client.GetGrain<IModelRegistryGrain>(name).Get()
            ?? throw new InvalidOperationException($"experiment {name} has a best trial but registered no model");
        using var weights = new MemoryStream(version.Safetensors.Value);
        var model = ModelSerializer.Load(weights, $"model {name} v{version.Info.Version}");
        var d = Spec(name).Dataset;
        var fresh = SyntheticData.Classification(500, d.Features, d.Classes, seed: 1000); // rows no trial trained on
        using var logits = model.Predict(fresh.Inputs[0]);
        var right = 0;
        for (var r = 0; r < fresh.Rows; r++)
        {
            var predicted = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits.Span.Slice(r * d.Classes, d.Classes));
            right += predicted == (int)fresh.Targets.Span[r] ? 1 : 0;
        }

        var accuracy = (double)right / fresh.Rows;
        await log.WriteLineAsync($"model {name} v{version.Info.Version}: accuracy {accuracy:0.###} on {fresh.Rows} new rows");
        return new QuickstartResult(status, best, accuracy);
    }

    /// <summary>Writes each trial change the experiment pushes.</summary>
    sealed class TrialLog(TextWriter log) : IExperimentObserver
    {
        public Task OnTrialChanged(string experiment, TrialInfo trial)
        {
            if (trial.Status != TrialStatus.Running)
            {
                lock (log)
                {
                    log.WriteLine($"trial #{trial.Number} {trial.Status}: {trial.Value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "-"}");
                }
            }

            return Task.CompletedTask;
        }
    }
}

/// <summary>What the example found: the final status, the best trial, and the best model's accuracy on new rows.</summary>
/// <param name="Status">The experiment's final status.</param>
/// <param name="Best">The best trial, or null when none completed.</param>
/// <param name="Accuracy">The best model's accuracy on rows no trial trained on, or null.</param>
public sealed record QuickstartResult(ExperimentStatus Status, TrialInfo? Best, double? Accuracy);
