namespace BigDL.Orleans.Membership;

/// <summary>Where a silo is in its life, as recorded in the membership table; the numbers are what the SQL tables store.</summary>
public enum SiloStatus
{
    /// <summary>No status: an entry that was never written.</summary>
    None = 0,

    /// <summary>The silo process exists but has not announced itself.</summary>
    Created = 1,

    /// <summary>The silo has written its row and is starting; it takes no grain calls yet.</summary>
    Joining = 2,

    /// <summary>The silo is a full member: it hosts grains and answers probes.</summary>
    Active = 3,

    /// <summary>The silo has begun a graceful shutdown: it hands its grains off and takes no new ones.</summary>
    ShuttingDown = 4,

    /// <summary>The silo is stopping without handing its grains off.</summary>
    Stopping = 5,

    /// <summary>The silo is gone, by its own leave or declared dead by its peers; a dead silo never comes back (a restart is a new generation).</summary>
    Dead = 6,
}
