using System.Numerics.Tensors;
using System.Text.Json;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>Inverted dropout: in training, zeroes each element with probability p and scales the rest by 1/(1−p); identity otherwise.</summary>
public sealed class Dropout : UnaryLayer
{
    readonly Random _random;
    Tensor? _mask, _output, _inputGradient;
    bool _lastTraining;

    /// <summary>Creates dropout with drop probability <paramref name="p"/> and a seeded generator.</summary>
    public Dropout(float p, int seed = 0, string? name = null)
        : base(name)
    {
        if (p is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1)");
        }

        P = p;
        Seed = seed;
        _random = new Random(seed);
    }

    /// <summary>The drop probability.</summary>
    public float P { get; }

    /// <summary>The generator seed.</summary>
    public int Seed { get; }

    /// <inheritdoc/>
    public override string Kind => "Dropout";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters) => inputShape;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        _lastTraining = training && P > 0;
        if (!_lastTraining)
        {
            return input;
        }

        EnsureBatch(ref _mask, input.Dim(0), OutputShape);
        EnsureBatch(ref _output, input.Dim(0), OutputShape);
        var mask = _mask.Span;
        var keep = 1 / (1 - P);
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = _random.NextSingle() < P ? 0 : keep;
        }

        TensorPrimitives.Multiply(input.Span, mask, _output.Span);
        return _output;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!InputGradientRequired)
        {
            return null;
        }

        if (!_lastTraining)
        {
            return outputGradient;
        }

        EnsureBatch(ref _inputGradient, outputGradient.Dim(0), OutputShape);
        TensorPrimitives.Multiply(outputGradient.Span, _mask!.Span, _inputGradient.Span); // _mask is set whenever _lastTraining
        return _inputGradient;
    }

    /// <inheritdoc/>
    protected internal override void WriteConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("p", P);
        writer.WriteNumber("seed", Seed);
    }
}
