namespace BigDL.Orleans.Placement;

/// <summary>Chooses where new activations of a grain class are placed; put one on the grain class.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public abstract class PlacementAttribute : Attribute
{
    internal abstract PlacementStrategy Strategy { get; }
}

/// <summary>Places each new activation on a silo picked uniformly at random (the default).</summary>
public sealed class RandomPlacementAttribute : PlacementAttribute
{
    internal override PlacementStrategy Strategy => RandomPlacement.Instance;
}

/// <summary>Places a grain on the silo its id hashes to, so the same id lands on the same silo while membership is stable.</summary>
public sealed class HashBasedPlacementAttribute : PlacementAttribute
{
    internal override PlacementStrategy Strategy => HashBasedPlacement.Instance;
}

/// <summary>Places a new activation on the silo that made the call, when it hosts the grain class.</summary>
public sealed class PreferLocalPlacementAttribute : PlacementAttribute
{
    internal override PlacementStrategy Strategy => PreferLocalPlacement.Instance;
}

/// <summary>Places a new activation on the less loaded of two random silos (power of two choices).</summary>
public sealed class ActivationCountBasedPlacementAttribute : PlacementAttribute
{
    internal override PlacementStrategy Strategy => ActivationCountBasedPlacement.Instance;
}

/// <summary>Spreads the grains keyed <c>group/0</c>, <c>group/1</c>, ... evenly over the silos, index by index.</summary>
public sealed class SpreadPlacementAttribute : PlacementAttribute
{
    internal override PlacementStrategy Strategy => SpreadPlacement.Instance;
}
