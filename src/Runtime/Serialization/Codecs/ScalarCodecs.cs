using System.Numerics;
using BigDL.Orleans.Serialization.Wire;

namespace BigDL.Orleans.Serialization.Codecs;

/// <summary>Numbers, enums and other plain-data structs, written as their little-endian bytes.</summary>
internal sealed class BlittableCodec<T>() : Codec(typeof(T))
    where T : unmanaged
{
    public override void Write(WireWriter writer, object value) => writer.WriteBlittable((T)value);

    public override object Read(ref WireReader reader, int slot) => reader.ReadBlittable<T>();
}

internal sealed class BooleanCodec() : Codec(typeof(bool))
{
    public override void Write(WireWriter writer, object value) => writer.WriteByte((bool)value ? (byte)1 : (byte)0);

    public override object Read(ref WireReader reader, int slot) => reader.ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw new GrainSerializationException($"The payload holds {other} where a boolean (0 or 1) belongs."),
    };
}

internal sealed class StringCodec() : Codec(typeof(string))
{
    public override void Write(WireWriter writer, object value) => writer.WriteString((string)value);

    public override object Read(ref WireReader reader, int slot) => reader.ReadString();
}

internal sealed class DecimalCodec() : Codec(typeof(decimal))
{
    public override void Write(WireWriter writer, object value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits((decimal)value, bits);
        foreach (var part in bits)
        {
            writer.WriteInt32(part);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        int[] bits = [reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()];
        return Validated.Create(() => new decimal(bits), "decimal");
    }
}

internal sealed class DateTimeCodec() : Codec(typeof(DateTime))
{
    public override void Write(WireWriter writer, object value) => writer.WriteInt64(((DateTime)value).ToBinary());

    public override object Read(ref WireReader reader, int slot)
    {
        var binary = reader.ReadInt64();
        return Validated.Create(() => DateTime.FromBinary(binary), "DateTime");
    }
}

internal sealed class DateTimeOffsetCodec() : Codec(typeof(DateTimeOffset))
{
    public override void Write(WireWriter writer, object value)
    {
        var time = (DateTimeOffset)value;
        writer.WriteInt64(time.Ticks);
        writer.WriteInt32((int)time.Offset.TotalMinutes);
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var ticks = reader.ReadInt64();
        var minutes = reader.ReadInt32();
        return Validated.Create(() => new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes)), "DateTimeOffset");
    }
}

internal sealed class DateOnlyCodec() : Codec(typeof(DateOnly))
{
    public override void Write(WireWriter writer, object value) => writer.WriteInt32(((DateOnly)value).DayNumber);

    public override object Read(ref WireReader reader, int slot)
    {
        var day = reader.ReadInt32();
        return Validated.Create(() => DateOnly.FromDayNumber(day), "DateOnly");
    }
}

internal sealed class TimeOnlyCodec() : Codec(typeof(TimeOnly))
{
    public override void Write(WireWriter writer, object value) => writer.WriteInt64(((TimeOnly)value).Ticks);

    public override object Read(ref WireReader reader, int slot)
    {
        var ticks = reader.ReadInt64();
        return Validated.Create(() => new TimeOnly(ticks), "TimeOnly");
    }
}

internal sealed class BigIntegerCodec() : Codec(typeof(BigInteger))
{
    public override void Write(WireWriter writer, object value)
    {
        var bytes = ((BigInteger)value).ToByteArray();
        writer.WriteLength(bytes.Length, typeof(BigInteger));
        writer.WriteRaw(bytes);
    }

    public override object Read(ref WireReader reader, int slot) =>
        new BigInteger(reader.ReadSpan(reader.ReadLength(1, typeof(BigInteger))));
}

internal sealed class UriCodec() : Codec(typeof(Uri))
{
    public override void Write(WireWriter writer, object value) => writer.WriteString(((Uri)value).OriginalString);

    public override object Read(ref WireReader reader, int slot)
    {
        var text = reader.ReadString();
        return Validated.Create(() => new Uri(text, UriKind.RelativeOrAbsolute), "Uri");
    }
}

internal sealed class VersionCodec() : Codec(typeof(Version))
{
    public override void Write(WireWriter writer, object value) => writer.WriteString(((Version)value).ToString());

    public override object Read(ref WireReader reader, int slot)
    {
        var text = reader.ReadString();
        return Validated.Create(() => Version.Parse(text), "Version");
    }
}

/// <summary>A token cannot follow its source to another process; it arrives as an already-cancelled or a never-cancelled token.</summary>
internal sealed class CancellationTokenCodec() : Codec(typeof(CancellationToken))
{
    public override void Write(WireWriter writer, object value) =>
        writer.WriteByte(((CancellationToken)value).IsCancellationRequested ? (byte)1 : (byte)0);

    public override object Read(ref WireReader reader, int slot) => new CancellationToken(reader.ReadByte() != 0);
}

internal sealed class GrainIdCodec() : Codec(typeof(GrainId))
{
    public override void Write(WireWriter writer, object value)
    {
        var id = (GrainId)value;
        writer.WriteString(id.Type ?? string.Empty);
        writer.WriteString(id.Key ?? string.Empty);
    }

    public override object Read(ref WireReader reader, int slot) => new GrainId(reader.ReadString(), reader.ReadString());
}

/// <summary>Turns the argument checks of framework constructors into serialization errors.</summary>
internal static class Validated
{
    public static object Create<T>(Func<T> create, string what)
        where T : notnull
    {
        try
        {
            return create();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or UriFormatException)
        {
            throw new GrainSerializationException($"The payload holds an invalid {what}: {e.Message}", e);
        }
    }
}
