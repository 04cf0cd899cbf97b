using System.Numerics.Tensors;

namespace BigDL.Compute.Optim;

/// <summary>Gradient clipping by global L2 norm (PyTorch <c>clip_grad_norm_</c>).</summary>
public static class GradientClipping
{
    /// <summary>Scales <paramref name="gradients"/> so their L2 norm is at most <paramref name="maxNorm"/>; returns the norm before clipping.</summary>
    public static float ClipByNorm(Span<float> gradients, float maxNorm)
    {
        if (!(maxNorm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be positive");
        }

        var norm = TensorPrimitives.Norm(gradients);
        Scale(gradients, norm, maxNorm);
        return norm;
    }

    /// <summary>Scales a slice given the global norm computed elsewhere (sharded gradients: combine the shards' squared norms first).</summary>
    public static void Scale(Span<float> gradients, float globalNorm, float maxNorm)
    {
        // PyTorch's clip coefficient, with its 1e-6 guarding a zero norm.
        var coefficient = maxNorm / (globalNorm + 1e-6f);
        if (coefficient < 1)
        {
            TensorPrimitives.Multiply(gradients, coefficient, gradients);
        }
    }
}
