namespace BigDL.Orleans.Runtime.Tests.Storage;

/// <summary>A mutable class state, the common shape of grain state.</summary>
public sealed class CounterState
{
    public int Value { get; set; }

    public List<string> Items { get; set; } = [];
}

/// <summary>An immutable record state with a value plain JSON cannot hold.</summary>
public sealed record MetricState(string Name, double Loss, IReadOnlyList<double> History);

/// <summary>A state System.Text.Json refuses to serialize (it never writes <see cref="System.Type"/>).</summary>
public sealed class UnserializableState
{
    public Type Kind { get; set; } = typeof(int);
}
