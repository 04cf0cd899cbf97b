using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using BigDL.Orleans.Serialization.Wire;

namespace BigDL.Orleans.Serialization;

/// <summary>Turns grain call arguments and results into bytes and back, for calls that cross a process boundary.</summary>
/// <remarks>
/// The format is compact and versionless: both ends must run the same type definitions. Reading is defensive: a
/// payload can only produce types the serializer knows that are assignable to what is declared, lengths and nesting
/// are bounded by <see cref="BinarySerializerOptions"/>, and any malformed input fails with a
/// <see cref="GrainSerializationException"/>. The class is thread-safe.
/// </remarks>
public sealed class BinarySerializer
{
    readonly BinarySerializerOptions options;

    /// <summary>Creates a serializer with default limits and no grain reference activator.</summary>
    public BinarySerializer()
        : this(new BinarySerializerOptions())
    {
    }

    /// <summary>Creates a serializer with default limits that binds grain references through <paramref name="activator"/>.</summary>
    public BinarySerializer(IGrainReferenceActivator activator)
        : this(new BinarySerializerOptions { GrainReferenceActivator = activator })
    {
        ArgumentNullException.ThrowIfNull(activator);
    }

    /// <summary>Creates a serializer with the given limits and services.</summary>
    public BinarySerializer(BinarySerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxCollectionLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxDepth);
        if (!BitConverter.IsLittleEndian)
        {
            // Number arrays travel as the machine's own bytes; the format is defined as little-endian.
            throw new PlatformNotSupportedException("The grain serializer needs a little-endian machine.");
        }

        this.options = options;
    }

    /// <summary>Returns true when values declared as <paramref name="declaredType"/> can be serialized; otherwise says why.</summary>
    /// <remarks>
    /// For checks at startup (every grain method's parameter and return types), so a bad signature fails before the
    /// first remote call. Object, interfaces and abstract classes pass: the values they hold are checked when written.
    /// </remarks>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Part of the instance API the runtime takes as a dependency.")]
    public bool CanSerialize(Type declaredType, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        reason = Codecs.CodecCache.Problem(declaredType);
        return reason is null;
    }

    /// <summary>Writes <paramref name="value"/>, declared as <typeparamref name="T"/>, to <paramref name="output"/>.</summary>
    /// <exception cref="GrainSerializationException">The value holds something that cannot be serialized; the output then holds a partial payload to discard.</exception>
    public void Serialize<T>(T value, IBufferWriter<byte> output) => Serialize(value, typeof(T), output);

    /// <summary>Writes <paramref name="value"/>, declared as <paramref name="declaredType"/>, to <paramref name="output"/>.</summary>
    /// <exception cref="GrainSerializationException">The value holds something that cannot be serialized; the output then holds a partial payload to discard.</exception>
    public void Serialize(object? value, Type declaredType, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        ArgumentNullException.ThrowIfNull(output);
        if (value is not null && !declaredType.IsInstanceOfType(value))
        {
            throw new ArgumentException($"The value is a {TypeNames.Format(value.GetType())}, not a {TypeNames.Format(declaredType)}.", nameof(value));
        }

        var writer = new WireWriter(output, options);
        writer.WriteValue(value, declaredType);
        writer.Flush();
    }

    /// <summary>Writes the arguments of a call as one payload: a count, then each argument as a value of its declared type.</summary>
    /// <remarks>An object shared between arguments is written once and stays shared on the other side.</remarks>
    /// <exception cref="GrainSerializationException">An argument holds something that cannot be serialized; the output then holds a partial payload to discard.</exception>
    public void SerializeArguments(ReadOnlySpan<object?> arguments, ReadOnlySpan<Type> declaredTypes, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (arguments.Length != declaredTypes.Length)
        {
            throw new ArgumentException($"{arguments.Length} arguments were given for {declaredTypes.Length} declared types.", nameof(arguments));
        }

        var writer = new WireWriter(output, options);
        writer.WriteLength(arguments.Length, typeof(object[]));
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] is { } argument && !declaredTypes[i].IsInstanceOfType(argument))
            {
                throw new ArgumentException($"Argument {i} is a {TypeNames.Format(argument.GetType())}, not a {TypeNames.Format(declaredTypes[i])}.", nameof(arguments));
            }

            writer.WriteValue(arguments[i], declaredTypes[i]);
        }

        writer.Flush();
    }

    /// <summary>Reads the arguments of a call written by <see cref="SerializeArguments"/>.</summary>
    /// <exception cref="GrainSerializationException">The payload is truncated, corrupt, over a limit, names a type that is not allowed, or holds another number of arguments.</exception>
    public object?[] DeserializeArguments(ReadOnlySpan<byte> input, ReadOnlySpan<Type> declaredTypes)
    {
        var reader = new WireReader(input, new ReaderSession(options));
        try
        {
            var count = reader.ReadLength(1, typeof(object[]));
            if (count != declaredTypes.Length)
            {
                throw new GrainSerializationException($"The payload holds {count} arguments where the method takes {declaredTypes.Length}; both ends must run the same grain interfaces.");
            }

            var arguments = new object?[count];
            for (var i = 0; i < count; i++)
            {
                arguments[i] = ValueReader.Read(ref reader, declaredTypes[i]);
            }

            return reader.Remaining == 0
                ? arguments
                : throw new GrainSerializationException($"The payload holds {reader.Remaining} bytes after its arguments; it is corrupt or not a single payload.");
        }
        catch (Exception e) when (e is not GrainSerializationException)
        {
            throw new GrainSerializationException($"The arguments payload is malformed: {e.Message}", e);
        }
    }

    /// <summary>Returns the payload for <paramref name="value"/>, declared as <typeparamref name="T"/>, as a new array.</summary>
    public byte[] SerializeToArray<T>(T value)
    {
        var output = new ArrayBufferWriter<byte>();
        Serialize(value, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Reads a value declared as <typeparamref name="T"/> from a payload that holds exactly that value.</summary>
    /// <exception cref="GrainSerializationException">The payload is truncated, corrupt, over a limit, or names a type that is not allowed.</exception>
    public T Deserialize<T>(ReadOnlySpan<byte> input) => (T)Deserialize(input, typeof(T))!;

    /// <inheritdoc cref="Deserialize{T}(ReadOnlySpan{byte})" />
    public T Deserialize<T>(ReadOnlyMemory<byte> input) => Deserialize<T>(input.Span);

    /// <inheritdoc cref="Deserialize{T}(ReadOnlySpan{byte})" />
    public T Deserialize<T>(ReadOnlySequence<byte> input) => (T)Deserialize(input, typeof(T))!;

    /// <summary>Reads a value declared as <paramref name="declaredType"/> from a payload that holds exactly that value.</summary>
    /// <exception cref="GrainSerializationException">The payload is truncated, corrupt, over a limit, or names a type that is not allowed.</exception>
    public object? Deserialize(ReadOnlySequence<byte> input, Type declaredType)
    {
        if (input.IsSingleSegment)
        {
            return Deserialize(input.FirstSpan, declaredType);
        }

        if (input.Length > int.MaxValue)
        {
            throw new GrainSerializationException($"The payload is {input.Length} bytes, more than one payload may hold.");
        }

        // A payload split across segments is gathered once; number arrays are then read with one copy each.
        var length = (int)input.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            input.CopyTo(rented);
            return Deserialize(rented.AsSpan(0, length), declaredType);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads a value declared as <paramref name="declaredType"/> from a payload that holds exactly that value.</summary>
    /// <exception cref="GrainSerializationException">The payload is truncated, corrupt, over a limit, or names a type that is not allowed.</exception>
    public object? Deserialize(ReadOnlySpan<byte> input, Type declaredType)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        var reader = new WireReader(input, new ReaderSession(options));
        try
        {
            var value = ValueReader.Read(ref reader, declaredType);
            return reader.Remaining == 0
                ? value
                : throw new GrainSerializationException($"The payload holds {reader.Remaining} bytes after its value; it is corrupt or not a single payload.");
        }
        catch (Exception e) when (e is not GrainSerializationException)
        {
            // Whatever a malformed payload trips over (a constructor's argument check, a collection's duplicate key),
            // callers see one exception type.
            throw new GrainSerializationException($"The payload for {TypeNames.Format(declaredType)} is malformed: {e.Message}", e);
        }
    }
}
