using BigDL.Grains;
using BigDL.Silo.Commands.Cli;

namespace BigDL.Silo.Commands.Models;

/// <summary>Fetches a model version from the registry, or says which names and versions there are.</summary>
internal static class RegisteredModels
{
    /// <summary>Gets version <paramref name="version"/> of <paramref name="name"/> (the latest when null) with its weights.</summary>
    /// <exception cref="CliException">No such model or version.</exception>
    public static async Task<ModelVersion> GetAsync(IGrainFactory grains, string name, int? version)
    {
        var registry = grains.GetGrain<IModelRegistryGrain>(name);
        if (await registry.Get(version) is { } found)
        {
            return found;
        }

        var versions = await registry.List();
        throw new CliException(versions.IsEmpty
            ? $"model '{name}' does not exist; 'bigdl model list' shows the models there are."
            : $"model '{name}' has no version {version}; it has versions {string.Join(", ", versions.Select(v => v.Version))}.");
    }
}
