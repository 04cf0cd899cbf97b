using System.Text.Json;
using BigDL.Compute.Kernels;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>An elementwise activation as a standalone layer; <see cref="ReLU"/>, <see cref="Gelu"/>, <see cref="Tanh"/> and <see cref="Sigmoid"/> name the variants.</summary>
public class ActivationLayer(Activation activation, string? name = null) : UnaryLayer(name)
{
    Tensor? _input, _output, _inputGradient;

    /// <summary>The function applied.</summary>
    public Activation Activation { get; } = activation;

    /// <inheritdoc/>
    public override string Kind => Activation.ToString();

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters) => inputShape;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        _input = input;
        EnsureBatch(ref _output, input.Dim(0), OutputShape);
        ActivationMath.Forward(Activation, input.Span, _output.Span);
        return _output;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_input is null || _output is null)
        {
            throw new InvalidOperationException($"layer '{Name}' ({Kind}): Backward before Forward");
        }

        if (!InputGradientRequired)
        {
            return null;
        }

        EnsureBatch(ref _inputGradient, _input.Dim(0), OutputShape);
        ActivationMath.Backward(Activation, _input.Span, _output.Span, outputGradient.Span, _inputGradient.Span);
        return _inputGradient;
    }

    /// <inheritdoc/>
    protected internal override void WriteConfig(Utf8JsonWriter writer)
    {
    }
}

/// <summary>max(x, 0).</summary>
public sealed class ReLU(string? name = null) : ActivationLayer(Activation.ReLU, name);

/// <summary>GELU, tanh approximation (PyTorch <c>approximate="tanh"</c>).</summary>
public sealed class Gelu(string? name = null) : ActivationLayer(Activation.Gelu, name);

/// <summary>tanh(x).</summary>
public sealed class Tanh(string? name = null) : ActivationLayer(Activation.Tanh, name);

/// <summary>1 / (1 + e^-x).</summary>
public sealed class Sigmoid(string? name = null) : ActivationLayer(Activation.Sigmoid, name);
