using Orleans.Storage;

namespace BigDL.Storage;

/// <summary>Settings of a Sqlite grain storage provider.</summary>
/// <remarks>States are kept per <c>ClusterOptions.ServiceId</c>, grain and state name; several services may share one database.</remarks>
public sealed class SqliteGrainStorageOptions : SqliteStoreOptions, IStorageProviderSerializerOptions
{
    /// <summary>The default for <see cref="DeleteStateOnClear"/>.</summary>
    public const bool DefaultDeleteStateOnClear = true;

    /// <summary>Gets or sets whether <c>ClearStateAsync</c> deletes the row; when false it keeps a row with no state and a fresh ETag, as Orleans' ADO.NET provider does by default.</summary>
    public bool DeleteStateOnClear { get; set; } = DefaultDeleteStateOnClear;

    /// <summary>Gets or sets how states become bytes; when not set, the silo's <see cref="IGrainStorageSerializer"/> (keyed by the provider's name first), which Orleans 10 makes a Newtonsoft.Json serializer.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
