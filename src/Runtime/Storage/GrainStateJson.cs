using System.Text.Json;
using System.Text.Json.Serialization;

namespace BigDL.Orleans.Storage;

/// <summary>Turns grain states into the JSON that providers store, and back.</summary>
/// <remarks>
/// System.Text.Json rules apply: public properties with public setters, records with primary constructors and
/// constructor-bound properties round-trip; private setters need <c>[JsonInclude]</c>, fields need
/// <c>[JsonInclude]</c> or <c>IncludeFields</c> in custom options.
/// </remarks>
internal static class GrainStateJson
{
    /// <summary>Gets the options used when a provider is given none.</summary>
    public static JsonSerializerOptions DefaultOptions { get; } = CreateDefaultOptions();

    public static string Serialize<T>(T state, JsonSerializerOptions options) => JsonSerializer.Serialize(state, options);

    /// <summary>Reads a stored payload; a payload that does not fit <typeparamref name="T"/> becomes a <see cref="CorruptStateException"/>.</summary>
    public static T Deserialize<T>(string payload, JsonSerializerOptions options, GrainId grainId, string stateName, string location, string? storedETag)
    {
        try
        {
            // A stored JSON null reads back as the default state, as GrainState's constructor does for a null state.
            return JsonSerializer.Deserialize<T>(payload, options) ?? GrainState.CreateDefault<T>();
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new CorruptStateException(grainId, stateName, typeof(T), location, storedETag, e);
        }
    }

    static JsonSerializerOptions CreateDefaultOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            // Training metrics are often NaN or infinite (a diverged trial); plain JSON cannot hold them.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
