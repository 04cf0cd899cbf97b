using System.CommandLine;
using BigDL.Silo.Commands.Cli;
using Spectre.Console;

namespace BigDL.Silo.Commands.Models;

/// <summary><c>bigdl model export name --output file.safetensors</c>: writes a registered model's weights to a file.</summary>
internal static class ModelExportCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("model") { Description = "The model's name (an experiment registers its best models under the experiment's name)." };
        var version = new Option<int?>("--version") { Description = "The version to export (default: the latest)." };
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: MODEL-vVERSION.safetensors in this folder)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the output file if it exists." };
        var gateway = new GatewayFlags();
        var command = new Command(
            "export",
            "Export a model version as a .safetensors file (readable by PyTorch's safetensors; the header's metadata describes the architecture).")
        {
            name, version, output, overwrite,
        };
        gateway.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var model = result.GetValue(name)!;
            await using var client = await gateway.ConnectAsync(result, cancellationToken);
            var found = await RegisteredModels.GetAsync(client, model, result.GetValue(version));
            var path = result.GetValue(output) ?? $"{model}-v{found.Info.Version}.safetensors";
            await SafeFile.WriteAsync(path, found.Safetensors.Value, result.GetValue(overwrite), cancellationToken);
            Terminal.Out.WriteLine($"exported model {model} version {found.Info.Version} ({found.Info.SizeBytes} bytes) to {path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
