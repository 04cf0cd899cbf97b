using System.CommandLine;
using BigDL.Orleans.Silo.Commands;

var root = new RootCommand("BigDL.Orleans: AutoML and data-parallel training on virtual grains.")
{
    SiloCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
