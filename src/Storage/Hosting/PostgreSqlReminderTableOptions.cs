namespace BigDL.Storage;

/// <summary>Settings of the PostgreSql reminder table.</summary>
/// <remarks>Reminders are kept per <c>ClusterOptions.ServiceId</c>; several services may share one database.</remarks>
public sealed class PostgreSqlReminderTableOptions : PostgreSqlStoreOptions
{
}
