using System.CommandLine;

namespace BigDL.Silo.Commands.Models;

/// <summary>The <c>bigdl model</c> group: the model registry.</summary>
internal static class ModelCommand
{
    public static Command Create() => new("model", "List and export the models in the cluster's registry (each experiment's best models).")
    {
        ModelListCommand.Create(),
        ModelExportCommand.Create(),
    };
}
