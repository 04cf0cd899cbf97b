namespace BigDL.Orleans.Serialization;

/// <summary>A value that grain calls pass without copying, on the caller's promise that nobody mutates it afterwards.</summary>
/// <remarks>
/// In-silo calls normally deep-copy arguments and results so that caller and callee never share mutable state.
/// Wrapping a large payload (a tensor, a data partition) in <see cref="Immutable{T}"/> skips that copy;
/// mutating it after the call is a bug the runtime cannot detect. Across processes the value is serialized as usual.
/// </remarks>
/// <typeparam name="T">The type of the wrapped value.</typeparam>
public readonly struct Immutable<T> : IEquatable<Immutable<T>>
{
    /// <summary>Wraps <paramref name="value"/>.</summary>
    public Immutable(T value) => Value = value;

    /// <summary>Gets the wrapped value.</summary>
    public T Value { get; }

    /// <inheritdoc />
    public bool Equals(Immutable<T> other) => EqualityComparer<T>.Default.Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Immutable<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value is null ? 0 : EqualityComparer<T>.Default.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value?.ToString() ?? string.Empty;

    /// <summary>Compares the wrapped values.</summary>
    public static bool operator ==(Immutable<T> left, Immutable<T> right) => left.Equals(right);

    /// <summary>Compares the wrapped values.</summary>
    public static bool operator !=(Immutable<T> left, Immutable<T> right) => !left.Equals(right);
}

/// <summary>Creates <see cref="Immutable{T}"/> wrappers.</summary>
public static class ImmutableExtensions
{
    /// <summary>Wraps <paramref name="value"/> so grain calls pass it without copying; the caller promises never to mutate it.</summary>
    public static Immutable<T> AsImmutable<T>(this T value) => new(value);
}
