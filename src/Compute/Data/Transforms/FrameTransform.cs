using System.Text.Json;
using System.Text.Json.Serialization;

namespace BigDL.Compute.Data.Transforms;

/// <summary>A transform fitted on training data whose fitted state saves to JSON, so prediction reapplies it unchanged.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(StandardScaler), "standardize")]
[JsonDerivedType(typeof(MinMaxScaler), "min_max")]
[JsonDerivedType(typeof(OneHotEncoder), "one_hot")]
[JsonDerivedType(typeof(FeatureHasher), "feature_hash")]
[JsonDerivedType(typeof(LabelEncoder), "label_encode")]
[JsonDerivedType(typeof(DateTimeFeatures), "datetime_features")]
[JsonDerivedType(typeof(Pipeline), "pipeline")]
public abstract class FrameTransform
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Whether <see cref="Fit"/> has run (or fitted state was loaded).</summary>
    [JsonInclude]
    public bool IsFitted { get; private set; }

    /// <summary>Learns the transform's state from <paramref name="training"/>; returns this.</summary>
    public FrameTransform Fit(Frame training)
    {
        ArgumentNullException.ThrowIfNull(training);
        FitCore(training);
        IsFitted = true;
        return this;
    }

    /// <summary>Applies the fitted transform; throws if it was never fitted.</summary>
    public Frame Transform(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!IsFitted)
        {
            throw new InvalidOperationException($"{GetType().Name} must be fitted (on training data) before Transform");
        }

        return TransformCore(frame);
    }

    /// <summary>Fits on <paramref name="training"/> and transforms it.</summary>
    public Frame FitTransform(Frame training) => Fit(training).Transform(training);

    /// <summary>The transform and its fitted state as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Loads a transform saved by <see cref="ToJson"/>.</summary>
    public static FrameTransform FromJson(string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        try
        {
            return JsonSerializer.Deserialize<FrameTransform>(json, Json) ?? throw new DatasetException("transform JSON is 'null'");
        }
        catch (JsonException e)
        {
            throw new DatasetException($"transform JSON is not a saved transform: {e.Message}", e);
        }
    }

    /// <summary>Learns state from the training frame.</summary>
    protected abstract void FitCore(Frame training);

    /// <summary>Applies the fitted state.</summary>
    protected abstract Frame TransformCore(Frame frame);
}
