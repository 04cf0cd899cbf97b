using BigDL.Storage;

namespace BigDL.Silo.Hosting;

/// <summary>Puts the silo's membership, reminders and grain state on the store the options name.</summary>
internal static class ServiceStore
{
    public static void Configure(ISiloBuilder silo, ServiceSiloOptions options)
    {
        var alone = options.Port is null;
        if (alone)
        {
            // A silo alone is its own primary: there is no one to agree membership with, so no membership table.
            silo.UseDevelopmentClustering(primarySiloEndpoint: null);
        }

        if (string.Equals(options.Store.Trim(), "memory", StringComparison.OrdinalIgnoreCase))
        {
            if (!alone)
            {
                throw new ArgumentException("--store memory keeps membership in this process only: a silo with --port needs a SQLite file or PostgreSQL that every silo shares");
            }

            silo.AddMemoryGrainStorageAsDefault();
            silo.AddMemoryGrainStorage(SqlStoreHostingExtensions.StorageName);
            silo.UseInMemoryReminderService();
            return;
        }

        silo.UseSqlStore(options.Store, clustering: !alone);
    }
}
