using System.Text.Json.Serialization;

namespace BigDL.Compute.Data.Transforms;

/// <summary>Transforms applied in order; fitting fits each on the output of the ones before it.</summary>
public sealed class Pipeline : FrameTransform
{
    /// <summary>Creates a pipeline of <paramref name="steps"/>.</summary>
    [JsonConstructor]
    public Pipeline(IReadOnlyList<FrameTransform> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        Steps = steps;
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<FrameTransform> Steps { get; }

    /// <inheritdoc />
    protected override void FitCore(Frame training)
    {
        foreach (var step in Steps)
        {
            training = step.FitTransform(training);
        }
    }

    /// <inheritdoc />
    protected override Frame TransformCore(Frame frame)
    {
        foreach (var step in Steps)
        {
            frame = step.Transform(frame);
        }

        return frame;
    }
}
