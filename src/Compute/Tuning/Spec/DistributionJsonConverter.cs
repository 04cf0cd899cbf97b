using System.Text.Json;
using System.Text.Json.Serialization;
using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Spec;

/// <summary>
/// Writes and reads a <see cref="Distribution"/> in the spec's JSON form (<c>{"type":"float","low":0,"high":1,"log":false}</c>),
/// so trial snapshots persist with System.Text.Json (see <see cref="TuningJson.Options"/>).
/// </summary>
public sealed class DistributionJsonConverter : JsonConverter<Distribution>
{
    /// <inheritdoc/>
    public override Distribution? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var spec = ParameterReader.Read(WithName(doc.RootElement), "$");
        return spec.Distribution ?? throw new JsonException("a stored distribution cannot be fixed");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Distribution value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        switch (value)
        {
            case FloatDistribution f:
                writer.WriteString("type", "float");
                writer.WriteNumber("low", f.Low);
                writer.WriteNumber("high", f.High);
                writer.WriteBoolean("log", f.Log);
                if (f.Step is { } s)
                {
                    writer.WriteNumber("step", s);
                }

                break;
            case IntDistribution i:
                writer.WriteString("type", "int");
                writer.WriteNumber("low", i.Low);
                writer.WriteNumber("high", i.High);
                writer.WriteBoolean("log", i.Log);
                writer.WriteNumber("step", i.Step);
                break;
            case CategoricalDistribution c:
                writer.WriteString("type", "categorical");
                writer.WritePropertyName("choices");
                JsonSerializer.Serialize(writer, c.Choices.ToArray(), options);
                break;
            default:
                throw new JsonException($"unknown distribution {value?.GetType().Name}");
        }

        writer.WriteEndObject();
    }

    static JsonElement WithName(JsonElement e)
    {
        // The spec reader wants a name; stored distributions carry none.
        var dict = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(e.GetRawText())!; // an object parses to a non-null dictionary
        dict["name"] = JsonDocument.Parse("\"stored\"").RootElement;
        return JsonSerializer.SerializeToElement(dict);
    }
}

/// <summary>JSON settings under which trial snapshots and study snapshots round-trip (for storage and the dashboard).</summary>
public static class TuningJson
{
    /// <summary>Options with the distribution converter.</summary>
    public static JsonSerializerOptions Options { get; } = new() { Converters = { new DistributionJsonConverter() } };
}
