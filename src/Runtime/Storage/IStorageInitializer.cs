namespace BigDL.Orleans.Storage;

/// <summary>One-time setup of a storage provider (schema creation and a reachability check) that the host runs at startup.</summary>
/// <remarks>Implementations are idempotent: running one twice, or from several silos at once, is safe.</remarks>
public interface IStorageInitializer
{
    /// <summary>Creates missing tables (when the provider is allowed to) and checks that the store can be reached.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
