using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace BigDL.Compute.Serialization;

/// <summary>One tensor read from or written to a safetensors file.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Shape">Its dimensions.</param>
/// <param name="Values">Its float32 elements, row-major.</param>
public sealed record SafeTensor(string Name, int[] Shape, float[] Values);

/// <summary>
/// The safetensors layout (https://github.com/huggingface/safetensors): an 8-byte little-endian header length, a JSON
/// header <c>{name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}</c>, then raw little-endian tensors.
/// Only F32 tensors are written or accepted.
/// </summary>
public static class SafeTensors
{
    // A header larger than this is treated as corruption rather than allocated.
    const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Writes tensors (in the given order) and string metadata.</summary>
    public static void Write(Stream stream, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        using var headerBuffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerBuffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata)
                {
                    json.WriteString(k, v);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var t in tensors)
            {
                if (Tensors.Tensor.Product(t.Shape) != t.Values.Length)
                {
                    throw new ArgumentException($"tensor '{t.Name}': shape {Tensors.Tensor.ShapeText(t.Shape)} does not hold {t.Values.Length} values");
                }

                json.WriteStartObject(t.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var d in t.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += 4L * t.Values.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // Pad the header with spaces to a multiple of 8 so tensor data starts aligned (as the reference writer does).
        var header = headerBuffer.ToArray();
        var padded = (header.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(header);
        for (var i = header.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var t in tensors)
        {
            WriteFloats(stream, t.Values);
        }
    }

    /// <summary>Reads every tensor and the metadata; a malformed file raises <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static (IReadOnlyList<SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(Stream stream, string source = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var all = ReadAll(stream);
        if (all.Length < 8)
        {
            throw new InvalidDataException($"{source}: {all.Length} bytes is too short for a safetensors file (8-byte header length missing)");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(all);
        if (headerLength > MaxHeaderBytes || (long)headerLength > all.Length - 8)
        {
            throw new InvalidDataException($"{source}: header length {headerLength} exceeds the file's {all.Length - 8} remaining bytes");
        }

        var dataStart = 8 + (int)headerLength;
        var dataLength = all.Length - dataStart;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(all.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: the header is not valid JSON ({e.Message})", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{source}: the header must be a JSON object");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var tensors = new List<SafeTensor>();
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    foreach (var m in entry.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.GetString() ?? "";
                    }

                    continue;
                }

                tensors.Add(ReadTensor(source, entry, all.AsSpan(dataStart, dataLength)));
            }

            return (tensors, metadata);
        }
    }

    static SafeTensor ReadTensor(string source, JsonProperty entry, ReadOnlySpan<byte> data)
    {
        var name = entry.Name;
        var e = entry.Value;
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("dtype", out var dtype) || !e.TryGetProperty("shape", out var shapeJson) || !e.TryGetProperty("data_offsets", out var offsets))
        {
            throw new InvalidDataException($"{source}: tensor '{name}' lacks dtype, shape or data_offsets");
        }

        if (dtype.GetString() != "F32")
        {
            throw new InvalidDataException($"{source}: tensor '{name}' has dtype {dtype.GetString()}; only F32 is supported");
        }

        var shape = shapeJson.EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var bounds = offsets.EnumerateArray().Select(d => d.GetInt64()).ToArray();
        if (bounds.Length != 2 || bounds[0] < 0 || bounds[1] < bounds[0] || bounds[1] > data.Length)
        {
            throw new InvalidDataException($"{source}: tensor '{name}' data_offsets [{string.Join(", ", bounds)}] fall outside the {data.Length}-byte data section");
        }

        var count = Tensors.Tensor.Product(shape);
        if (bounds[1] - bounds[0] != 4L * count)
        {
            throw new InvalidDataException(
                $"{source}: tensor '{name}' shape {Tensors.Tensor.ShapeText(shape)} needs {4L * count} bytes but data_offsets span {bounds[1] - bounds[0]}");
        }

        var values = new float[count];
        var bytes = data.Slice((int)bounds[0], 4 * count);
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
            }
        }

        return new SafeTensor(name, shape, values);
    }

    static void WriteFloats(Stream stream, float[] values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }

        Span<byte> four = stackalloc byte[4];
        foreach (var v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            stream.Write(four);
        }
    }

    static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The JSON header text of a file (for tools and error reports).</summary>
    public static string HeaderText(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        return Encoding.UTF8.GetString(file, 8, n);
    }
}
