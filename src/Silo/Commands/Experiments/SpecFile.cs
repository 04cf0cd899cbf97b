using BigDL.Grains;
using BigDL.Silo.Commands.Cli;

namespace BigDL.Silo.Commands.Experiments;

/// <summary>Reads an experiment spec file (the JSON form of <see cref="ExperimentSpecJson"/>), naming the file and field of any error.</summary>
internal static class SpecFile
{
    public static ExperimentSpec Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"spec file '{path}' does not exist; give the path of an experiment spec in JSON (see 'bigdl experiment submit --help').");
        }

        try
        {
            return ExperimentSpecJson.Parse(File.ReadAllText(path));
        }
        catch (ExperimentSpecException e)
        {
            throw new CliException($"{path}: {e.Message}; fix the spec and submit it again.", e);
        }
    }
}
