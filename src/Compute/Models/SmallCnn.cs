using BigDL.Compute.Kernels;
using BigDL.Compute.Nn;

namespace BigDL.Compute.Models;

/// <summary>A small image classifier: two 3×3 conv + ReLU + 2×2 max-pool stages, then a dense head emitting logits.</summary>
public static class SmallCnn
{
    /// <summary>Input [batch, channels, height, width] → logits [batch, classes].</summary>
    public static Sequential Create(int channels, int height, int width, int classes, int filters = 16) =>
        new Sequential([channels, height, width],
            new Conv2D(filters, [3, 3], padding: [1, 1], activation: Activation.ReLU),
            new MaxPool2D([2, 2]),
            new Conv2D(2 * filters, [3, 3], padding: [1, 1], activation: Activation.ReLU),
            new MaxPool2D([2, 2]),
            new Flatten(),
            new Dense(64, Activation.ReLU),
            new Dense(classes));
}
