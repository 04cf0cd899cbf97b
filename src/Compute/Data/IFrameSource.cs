namespace BigDL.Compute.Data;

/// <summary>Somewhere rows come from; reading twice gives the same rows in the same order.</summary>
public interface IFrameSource
{
    /// <summary>A name for messages (a file path, a query).</summary>
    string Name { get; }

    /// <summary>Reads all rows; throws <see cref="DatasetException"/> naming the position of bad input.</summary>
    Frame Read();
}
