using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using BigDL.Compute.Data;
using BigDL.Compute.Serialization;
using BigDL.Grains;
using BigDL.Silo.Commands.Cli;
using BigDL.Silo.Commands.Experiments;
using BigDL.Silo.Commands.Hosting;
using BigDL.Silo.Commands.Models;
using BigDL.Silo.Commands.Predict;
using BigDL.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace BigDL.Silo.Commands.Demo;

/// <summary>
/// <c>bigdl demo</c>: the first thing to run. An embedded silo (SQLite) with the dashboard, a generated dataset, an
/// AutoML experiment watched live in the terminal, the best trial, predictions on rows no trial saw, and the dashboard
/// served until Ctrl+C.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var store = new Option<string?>("--store") { Description = "Where the silo keeps its state: a SQLite file (default ./bigdl.db, which 'bigdl silo' then shows too)." };
        var folder = new Option<string>("--folder") { Description = "Where the demo writes its dataset, spec and predictions.", DefaultValueFactory = _ => "bigdl-demo" };
        var trials = new Option<int>("--trials") { Description = $"The experiment's trial budget (default {DemoSpec.DefaultTrials}).", DefaultValueFactory = _ => DemoSpec.DefaultTrials };
        var dashboard = new DashboardFlags();
        var cluster = new ClusterFlags();
        var command = new Command(
            "demo",
            "Run the demo: an embedded silo with SQLite, a generated dataset, an AutoML experiment shown live, its best trial and predictions, and the dashboard until Ctrl+C.")
        {
            store, folder, trials,
        };
        dashboard.AddTo(command);
        cluster.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var budget = result.GetValue(trials);
            if (budget < 1)
            {
                throw new CliException($"--trials {budget}: give 1 or more.", ExitCodes.Usage);
            }

            var endpoint = dashboard.Read(result);
            if (!dashboard.PortGiven(result) && !IsFree(endpoint))
            {
                endpoint = endpoint with { Port = 0 }; // a silo already holds the default port: any free one will do for a demo
            }

            var builder = DashboardHost.CreateBuilder(endpoint);
            builder.Logging.SetMinimumLevel(LogLevel.Warning); // the terminal belongs to the live table
            builder.UseBigDLSilo(o =>
            {
                o.Store = result.GetValue(store) ?? o.Store;
                cluster.Apply(result, o);
            });
            await using var app = DashboardHost.Build(builder);
            var started = false;
            try
            {
                if (!await DashboardHost.StartAsync(app, cancellationToken))
                {
                    return ExitCodes.Interrupted;
                }

                started = true;
                await RunAsync(app, result.GetValue(folder)!, budget, cancellationToken);
                Terminal.Out.WriteLine("serving the dashboard until Ctrl+C");
                await app.WaitForShutdownAsync(cancellationToken);
                started = false;
                return ExitCodes.Ok;
            }
            finally
            {
                if (started)
                {
                    await app.StopAsync(CancellationToken.None);
                }
            }
        });
        return command;
    }

    static async Task RunAsync(WebApplication app, string folder, int trials, CancellationToken cancellationToken)
    {
        var o = Terminal.Out;
        var url = DashboardHost.Url(app);
        var client = app.Services.GetRequiredService<IClusterClient>();
        o.WriteLine("bigdl demo: an AutoML experiment on an embedded silo");
        SiloCommand.PrintAddresses(app);

        Directory.CreateDirectory(folder);
        var d = DemoSpec.Dataset;
        var (train, fresh) = DemoDataset.Write(folder, d);
        o.WriteLine($"dataset: {train} ({d.Rows} rows, {d.Features} features, {d.Classes} classes) and {fresh} ({DemoDataset.NewRows} rows no trial sees)");

        var name = "demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var specPath = Path.Combine(folder, "spec.json");
        await File.WriteAllTextAsync(specPath, DemoSpec.Json(name, trials), cancellationToken);
        var spec = SpecFile.Read(specPath); // the same file 'bigdl experiment submit' takes
        await client.GetGrain<IExperimentGrain>(name).Start(spec);
        o.WriteLine(
            $"experiment: {name} ({specPath}): {trials} trials of an MLP, {spec.Parallelism} at a time, {spec.Model.Replicas} replica(s) each, {spec.Sampler} sampler, ASHA pruning, {spec.Epochs} epochs");
        o.WriteLine($"watch it in the browser: {url}experiments/{name}");

        var status = await ExperimentWatcher.WatchAsync(client, name, cancellationToken);
        if (status.BestTrial is not null)
        {
            await PredictAsync(client, name, fresh, Path.Combine(folder, "predictions.csv"));
        }

        o.WriteLine($"dashboard: {url}experiments/{name}");
    }

    /// <summary>Scores the new rows with the experiment's best model, as <c>bigdl predict</c> would, and reports the accuracy.</summary>
    static async Task PredictAsync(IGrainFactory grains, string model, string input, string output)
    {
        var found = await RegisteredModels.GetAsync(grains, model, version: null);
        var label = $"model '{model}' version {found.Info.Version}";
        using var weights = new MemoryStream(found.Safetensors.Value, writable: false);
        var frame = CsvSource.FromFile(input).Read();
        var predictions = TablePredictor.Predict(ModelSerializer.Load(weights, label), label, frame, new TablePredictor.Columns([], ["label"], []));
        FrameWriter.WriteCsv(predictions, output, overwrite: true);
        var truth = predictions.Numeric("label").Values.ToArray();
        var predicted = predictions.Numeric("prediction").Values.ToArray();
        var right = truth.Where((label, row) => label == predicted[row]).Count();
        Terminal.Out.WriteLine(
            $"predictions: {output}: accuracy {((double)right / truth.Length).ToString("0.###", CultureInfo.InvariantCulture)} on the {truth.Length} new rows ({label})");
    }

    static bool IsFree(DashboardEndpoint endpoint)
    {
        try
        {
            using var probe = new TcpListener(endpoint.Address, endpoint.Port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
