namespace BigDL.Orleans.Runtime;

/// <summary>Where the outcome of a call that arrived from another process goes: back to the caller as a response message.</summary>
internal interface IResponseSink
{
    /// <summary>Sends the outcome of <paramref name="call"/>, which has completed.</summary>
    void Complete<TResult>(Task<TResult> call);
}
