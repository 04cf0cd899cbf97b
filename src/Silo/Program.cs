using System.CommandLine;
using BigDL.Orleans.Silo.Commands;
using BigDL.Orleans.Silo.Commands.Campaigns;
using BigDL.Orleans.Silo.Commands.Cli;
using BigDL.Orleans.Silo.Commands.Dashboard;
using BigDL.Orleans.Silo.Commands.Demo;
using BigDL.Orleans.Silo.Commands.Experiments;
using BigDL.Orleans.Silo.Commands.Models;
using BigDL.Orleans.Silo.Commands.Predict;

var root = new RootCommand("BigDL.Orleans: AutoML and data-parallel training on virtual grains. Start with 'bigdl demo'.")
{
    DemoCommand.Create(),
    SiloCommand.Create(),
    ExperimentCommand.Create(),
    CampaignCommand.Create(),
    ModelCommand.Create(),
    PredictCommand.Create(),
    DashboardCommand.Create(),
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
