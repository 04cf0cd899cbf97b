using BigDL.Orleans.Membership;

namespace BigDL.Orleans.GrainDirectory;

/// <summary>Where one activation lives: its grain, its silo and an id that tells activations of the same grain apart.</summary>
internal sealed record ActivationAddress(GrainId GrainId, SiloAddress Silo, Guid ActivationId);

/// <summary>The part of the grain directory one silo owns: at most one registered activation per grain id.</summary>
/// <remarks>
/// Registration is first-writer-wins: a second silo trying to register an activation for the same grain gets the
/// existing address back and must forward its calls there, which is how the cluster keeps one activation per grain.
/// </remarks>
internal sealed class GrainDirectoryPartition
{
    readonly Lock gate = new();
    readonly Dictionary<GrainId, ActivationAddress> entries = [];

    /// <summary>Gets the number of entries.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Registers <paramref name="address"/> unless the grain already has an activation; returns the one that counts.</summary>
    public ActivationAddress Register(ActivationAddress address)
    {
        lock (gate)
        {
            if (entries.TryGetValue(address.GrainId, out var existing))
            {
                return existing;
            }

            entries[address.GrainId] = address;
            return address;
        }
    }

    /// <summary>Registers <paramref name="address"/> unless the grain has an entry that <paramref name="canReplace"/> refuses to give up; returns the entry that counts.</summary>
    public ActivationAddress RegisterOrReplace(ActivationAddress address, Func<ActivationAddress, bool> canReplace)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(canReplace);
        lock (gate)
        {
            if (entries.TryGetValue(address.GrainId, out var existing) && !canReplace(existing))
            {
                return existing;
            }

            entries[address.GrainId] = address;
            return address;
        }
    }

    /// <summary>Returns the registered activation of <paramref name="grainId"/>, or null.</summary>
    public ActivationAddress? Lookup(GrainId grainId)
    {
        lock (gate)
        {
            return entries.GetValueOrDefault(grainId);
        }
    }

    /// <summary>Removes the entry if it still names <paramref name="address"/> (a newer activation's entry is kept); returns whether it did.</summary>
    public bool Unregister(ActivationAddress address)
    {
        lock (gate)
        {
            return entries.TryGetValue(address.GrainId, out var existing) && existing == address && entries.Remove(address.GrainId);
        }
    }

    /// <summary>Drops every entry on <paramref name="deadSilo"/>, so the next call to those grains activates them elsewhere.</summary>
    public int RemoveSilo(SiloAddress deadSilo)
    {
        lock (gate)
        {
            var doomed = entries.Values.Where(a => a.Silo == deadSilo).Select(a => a.GrainId).ToList();
            doomed.ForEach(id => entries.Remove(id));
            return doomed.Count;
        }
    }

    /// <summary>Removes and returns the entries this silo no longer owns under <paramref name="ring"/>, to hand to their new owners.</summary>
    public IReadOnlyList<ActivationAddress> SplitOff(ConsistentRing ring, SiloAddress self)
    {
        lock (gate)
        {
            var moving = entries.Values.Where(a => ring.Owner(a.GrainId) != self).ToList();
            moving.ForEach(a => entries.Remove(a.GrainId));
            return moving;
        }
    }

    /// <summary>Takes over entries handed over by another silo; existing entries win, as in <see cref="Register"/>.</summary>
    public void Merge(IEnumerable<ActivationAddress> handedOver)
    {
        foreach (var address in handedOver)
        {
            Register(address);
        }
    }
}
