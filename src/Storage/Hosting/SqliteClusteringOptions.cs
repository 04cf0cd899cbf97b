namespace BigDL.Storage;

/// <summary>Settings of Sqlite clustering: the membership table of silos and the gateway list of clients.</summary>
/// <remarks>The cluster is the one <c>ClusterOptions.ClusterId</c> names; several clusters may share one database.</remarks>
public sealed class SqliteClusteringOptions : SqliteStoreOptions
{
}
