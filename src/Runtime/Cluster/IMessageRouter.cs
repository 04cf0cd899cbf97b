using BigDL.Orleans.Runtime;

namespace BigDL.Orleans.Cluster;

/// <summary>Routes calls to grains whose activation may be in another process: a silo's cluster view, or a client's gateway.</summary>
internal interface IMessageRouter
{
    /// <summary>
    /// Takes <paramref name="work"/> for <paramref name="target"/> when its activation is (or must be created) elsewhere, or
    /// when finding out needs a directory lookup; returns false when the activation belongs in this process.
    /// </summary>
    bool TryRoute(IActivationWork work, GrainId target);

    /// <summary>Called when an activation of this process has been created and must be registered before it runs.</summary>
    /// <returns>Where the grain's one activation is: this process, or another silo whose activation won.</returns>
    ValueTask<string?> RegisterActivationAsync(GrainId grainId, Guid activationId);

    /// <summary>Called when an activation of this process is gone.</summary>
    void UnregisterActivation(GrainId grainId, Guid activationId);
}
