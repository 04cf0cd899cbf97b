namespace BigDL.Orleans.Storage;

/// <summary>Makes the version tokens stored beside grain states and reminders.</summary>
internal static class ETag
{
    // A random token rather than a counter: after a clear and a fresh insert a counter would restart and a stale
    // writer holding the old "1" would succeed again (the ABA problem); a random token never comes back.
    public static string New() => Guid.NewGuid().ToString("N");
}
