using System.CommandLine;
using BigDL.Silo.Commands;
using BigDL.Silo.Commands.Campaigns;
using BigDL.Silo.Commands.Cli;
using BigDL.Silo.Commands.Dashboard;
using BigDL.Silo.Commands.Database;
using BigDL.Silo.Commands.Demo;
using BigDL.Silo.Commands.Experiments;
using BigDL.Silo.Commands.Models;
using BigDL.Silo.Commands.Predict;

var root = new RootCommand("BigDL.Orleans: AutoML and data-parallel training on virtual grains. Start with 'bigdl demo'.")
{
    DemoCommand.Create(),
    SiloCommand.Create(),
    ExperimentCommand.Create(),
    CampaignCommand.Create(),
    ModelCommand.Create(),
    PredictCommand.Create(),
    DashboardCommand.Create(),
    DatabaseCommand.Create(),
};
root.Options.Add(GlobalFlags.Verbose);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // Usage errors exit 2, as most command lines do; one line each, and where to read more.
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"bigdl: {error.Message}");
    }

    await Console.Error.WriteLineAsync($"Run '{string.Join(' ', ["bigdl", .. CommandPath(parse.CommandResult.Command).Skip(1)])} --help' for usage.");
    return ExitCodes.Usage;
}

return await parse.InvokeAsync();

static IEnumerable<string> CommandPath(Command command)
{
    var names = new Stack<string>();
    for (Symbol? s = command; s is not null; s = s.Parents.FirstOrDefault())
    {
        names.Push(s.Name);
    }

    return names;
}
