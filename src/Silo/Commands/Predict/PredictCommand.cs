using System.CommandLine;
using BigDL.Compute.Data;
using BigDL.Compute.Serialization;
using BigDL.Silo.Commands.Cli;
using BigDL.Silo.Commands.Models;
using Spectre.Console;

namespace BigDL.Silo.Commands.Predict;

/// <summary><c>bigdl predict --model name --input in.csv --output out.csv</c>: scores a CSV with a registered model.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The registered model (see 'bigdl model list').", Required = true };
        var version = new Option<int?>("--version") { Description = "The model version (default: the latest)." };
        var input = new Option<string>("--input") { Description = "The CSV to predict, with a header row; one row per prediction.", Required = true };
        var output = new Option<string>("--output") { Description = "The CSV to write: row, the --keep columns, prediction (and probability_K for a classifier).", Required = true };
        var features = new Option<string?>("--features") { Description = "The feature columns in model-input order, comma-separated (default: every column but --keep and --exclude)." };
        var keep = new Option<string?>("--keep") { Description = "Input columns to copy beside the predictions (an id, say), comma-separated; they are not features." };
        var exclude = new Option<string?>("--exclude") { Description = "Input columns to leave out (a label, say), comma-separated." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the output file if it exists." };
        var gateway = new GatewayFlags();
        var command = new Command(
            "predict",
            "Predict every row of a CSV with a registered model and write the predictions, in input order, to another CSV. The model's weights are fetched from the cluster; the rows are scored here.")
        {
            model, version, input, output, features, keep, exclude, overwrite,
        };
        gateway.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var inputPath = result.GetValue(input)!;
            var outputPath = result.GetValue(output)!;
            if (!File.Exists(inputPath))
            {
                throw new CliException($"--input '{inputPath}' does not exist; give the CSV to predict.");
            }

            SafeFile.Check(outputPath, result.GetValue(overwrite)); // before any work, so a bad path costs nothing
            var columns = new TablePredictor.Columns(List(result.GetValue(features)), List(result.GetValue(keep)), List(result.GetValue(exclude)));
            var name = result.GetValue(model)!;

            await using var client = await gateway.ConnectAsync(result, cancellationToken);
            var found = await RegisteredModels.GetAsync(client, name, result.GetValue(version));
            var label = $"model '{name}' version {found.Info.Version}";
            using var weights = new MemoryStream(found.Safetensors.Value, writable: false);
            var network = ModelSerializer.Load(weights, label);
            var frame = CsvSource.FromFile(inputPath).Read();
            var predictions = TablePredictor.Predict(network, label, frame, columns);
            FrameWriter.WriteCsv(predictions, outputPath, result.GetValue(overwrite));
            Terminal.Out.WriteLine($"wrote {predictions.RowCount} predictions to {outputPath} ({label})");
            return ExitCodes.Ok;
        });
        return command;
    }

    static string[] List(string? text) => text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
