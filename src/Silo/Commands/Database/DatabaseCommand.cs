using System.CommandLine;

namespace BigDL.Silo.Commands.Database;

/// <summary>The <c>bigdl db</c> group: the store's schema.</summary>
internal static class DatabaseCommand
{
    public static Command Create() => new("db", "Manage the store that holds membership, reminders and grain state.")
    {
        DatabaseInitCommand.Create(),
    };
}
