namespace BigDL.Storage.Sql;

/// <summary>Makes the version tokens stored beside every row.</summary>
internal static class ETags
{
    // A random token rather than a counter: after a delete and a fresh insert a counter would restart, and a stale
    // writer holding the old "1" would succeed again (the ABA problem); a random token never comes back.
    public static string New() => Guid.NewGuid().ToString("N");
}
