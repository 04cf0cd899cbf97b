using System.Text;

namespace BigDL.Orleans;

/// <summary>The identity of a grain: its grain type and its key, printed as <c>type/key</c>.</summary>
/// <param name="Type">The grain type name, e.g. <c>experiment</c> (from the class name or <see cref="GrainTypeAttribute"/>).</param>
/// <param name="Key">The key as a string: the string itself, a Guid in "N" format, or a long in invariant digits.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>Parses the <c>type/key</c> form produced by <see cref="ToString"/>.</summary>
    public static GrainId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{text}' is not a grain id; expected 'type/key', e.g. 'experiment/mnist'.");
        }

        return new GrainId(text[..slash], text[(slash + 1)..]);
    }

    /// <summary>A hash that is the same in every process and every run, for placement and range partitioning.</summary>
    public uint GetUniformHashCode()
    {
        // FNV-1a over the UTF-8 of "type/key": string.GetHashCode is randomised per process, so it cannot place grains.
        var hash = 2166136261u;
        Span<byte> buffer = stackalloc byte[256];
        foreach (var part in (ReadOnlySpan<string>)[Type, "/", Key])
        {
            var bytes = Encoding.UTF8.GetByteCount(part) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(part, buffer)] : Encoding.UTF8.GetBytes(part);
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 16777619u;
            }
        }

        return hash;
    }

    /// <inheritdoc />
    public override string ToString() => Type + "/" + Key;
}
