namespace BigDL.Storage.Sql;

/// <summary>The tables of a store, the same names in both dialects.</summary>
/// <remarks>Named apart from the tables of the older home-made runtime (bigdl_membership, bigdl_reminders, bigdl_grain_state), whose columns differ, so one file may hold both.</remarks>
internal static class StoreTables
{
    public const string SiloVersions = "bigdl_silo_versions";

    public const string Silos = "bigdl_silos";

    public const string Reminders = "bigdl_reminder_entries";

    public const string GrainStates = "bigdl_grain_states";

    public static readonly string[] Membership = [SiloVersions, Silos];
}
