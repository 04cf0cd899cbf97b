using BigDL.Storage.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace BigDL.Storage;

/// <summary>Registers Orleans' reminder service with its table in SQLite or PostgreSQL.</summary>
public static class ReminderHostingExtensions
{
    /// <summary>Adds reminders kept in a SQLite file.</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteReminderTableOptions> configureOptions) =>
        builder.UseSqliteReminderService(ob => ob.Configure(configureOptions));

    /// <summary>Adds reminders kept in a SQLite file.</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<OptionsBuilder<SqliteReminderTableOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.UseSqliteReminderService(configureOptions);
        return builder;
    }

    /// <summary>Adds reminders kept in a SQLite file.</summary>
    public static IServiceCollection UseSqliteReminderService(this IServiceCollection services, Action<OptionsBuilder<SqliteReminderTableOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(services.AddStoreOptions<SqliteReminderTableOptions, SqliteStoreOptionsValidator<SqliteReminderTableOptions>>(Options.DefaultName));
        StoreRegistration.AddReminderTable(services, sp => sp.GetRequiredService<IOptions<SqliteReminderTableOptions>>().Value.OpenStore());
        return services;
    }

    /// <summary>Adds reminders kept in a PostgreSQL database.</summary>
    public static ISiloBuilder UsePostgreSqlReminderService(this ISiloBuilder builder, Action<PostgreSqlReminderTableOptions> configureOptions) =>
        builder.UsePostgreSqlReminderService(ob => ob.Configure(configureOptions));

    /// <summary>Adds reminders kept in a PostgreSQL database.</summary>
    public static ISiloBuilder UsePostgreSqlReminderService(this ISiloBuilder builder, Action<OptionsBuilder<PostgreSqlReminderTableOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.UsePostgreSqlReminderService(configureOptions);
        return builder;
    }

    /// <summary>Adds reminders kept in a PostgreSQL database.</summary>
    public static IServiceCollection UsePostgreSqlReminderService(this IServiceCollection services, Action<OptionsBuilder<PostgreSqlReminderTableOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(services.AddStoreOptions<PostgreSqlReminderTableOptions, PostgreSqlStoreOptionsValidator<PostgreSqlReminderTableOptions>>(Options.DefaultName));
        StoreRegistration.AddReminderTable(services, sp => sp.GetRequiredService<IOptions<PostgreSqlReminderTableOptions>>().Value.OpenStore());
        return services;
    }
}
