namespace BigDL.Storage.Tests.Fixtures;

/// <summary>A SQLite file in a temporary folder of its own, deleted afterwards.</summary>
public sealed class SqliteStoreFixture : IStoreFixture, IDisposable
{
    public SqliteStoreFixture()
    {
        Folder = Directory.CreateTempSubdirectory("bigdl-storage-tests-").FullName;
        Store = Path.Combine(Folder, "bigdl.db");
    }

    /// <summary>Gets the folder holding the file.</summary>
    public string Folder { get; }

    public string Store { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a silo that has not finished stopping; the temp folder is cleaned by the OS.
        }
    }
}
