using BigDL.Compute.Kernels;
using BigDL.Compute.Nn;

namespace BigDL.Compute.Models;

/// <summary>Ready-made multilayer perceptrons: Dense+ReLU hidden layers and a linear head.</summary>
public static class Mlp
{
    /// <summary>A classifier emitting logits [batch, classes] (train with softmax cross-entropy).</summary>
    public static Sequential Classifier(int inputs, IReadOnlyList<int> hidden, int classes, float dropout = 0) =>
        Create(inputs, hidden, classes, dropout);

    /// <summary>A regressor emitting [batch, outputs] (train with MSE, MAE or Huber).</summary>
    public static Sequential Regressor(int inputs, IReadOnlyList<int> hidden, int outputs = 1, float dropout = 0) =>
        Create(inputs, hidden, outputs, dropout);

    static Sequential Create(int inputs, IReadOnlyList<int> hidden, int outputs, float dropout)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var model = new Sequential([inputs]);
        foreach (var units in hidden)
        {
            model.Add(new Dense(units, Activation.ReLU));
            if (dropout > 0)
            {
                model.Add(new Dropout(dropout));
            }
        }

        return model.Add(new Dense(outputs));
    }
}
