namespace BigDL.Storage.Sql;

/// <summary>Times as every table keeps them, so that a row reads back equal to what was written in either store.</summary>
internal static class StoredTime
{
    /// <summary>UTC (an unspecified time is taken to be UTC already), whole microseconds as PostgreSQL's timestamptz keeps them.</summary>
    public static DateTime Of(DateTime time)
    {
        var utc = time.Kind switch
        {
            DateTimeKind.Local => time.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
            _ => time,
        };
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }
}
