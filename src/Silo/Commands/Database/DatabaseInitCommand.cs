using System.CommandLine;
using BigDL.Silo.Commands.Cli;
using BigDL.Storage;
using Spectre.Console;

namespace BigDL.Silo.Commands.Database;

/// <summary><c>bigdl db init --store ...</c>: creates the tables silos need, before any silo starts (a silo also creates them itself).</summary>
internal static class DatabaseInitCommand
{
    public static Command Create()
    {
        var store = new Option<string?>("--store")
        {
            Description = "The store to set up: a SQLite file path (default ./bigdl.db) or a PostgreSQL connection string (Host=...).",
        };
        var command = new Command("init", "Create the membership, reminder and grain state tables that are missing; existing rows are left as they are.") { store };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var given = result.GetValue(store);
            try
            {
                await StoreSchema.EnsureCreatedAsync(given, cancellationToken);
            }
            catch (StoreException e)
            {
                throw new CliException($"--store: {e.Message}", ExitCodes.Failed);
            }

            Terminal.Out.WriteLine($"store ready: {StoreSchema.Describe(given)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
