using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>Reshapes [batch, d1, d2, ...] to [batch, d1·d2·...] without copying.</summary>
public sealed class Flatten(string? name = null) : UnaryLayer(name)
{
    Tensor? _outputView, _gradientView;

    /// <inheritdoc/>
    public override string Kind => "Flatten";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters) => [Tensor.Product(inputShape)];

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        return Reshaped(ref _outputView, input, OutputShape[0]);
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!InputGradientRequired)
        {
            return null;
        }

        Span<int> shape = stackalloc int[InputShapes[0].Length + 1];
        shape[0] = outputGradient.Dim(0);
        InputShapes[0].CopyTo(shape[1..]);
        if (_gradientView is null || _gradientView.Buffer != outputGradient.Buffer || _gradientView.Offset != outputGradient.Offset
            || _gradientView.Capacity < outputGradient.Length)
        {
            _gradientView = outputGradient.View(shape);
        }
        else
        {
            _gradientView.Resize(shape);
        }

        return _gradientView;
    }

    // Views are cached per source buffer so that steady-state steps create no tensor objects.
    static Tensor Reshaped(ref Tensor? view, Tensor source, int row)
    {
        if (view is null || view.Buffer != source.Buffer || view.Offset != source.Offset || view.Capacity < source.Length)
        {
            view = source.View(source.Dim(0), row);
        }
        else
        {
            view.Resize(source.Dim(0), row);
        }

        return view;
    }
}
