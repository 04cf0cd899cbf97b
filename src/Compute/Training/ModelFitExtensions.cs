using BigDL.Compute.Losses;
using BigDL.Compute.Nn;
using BigDL.Compute.Optim;

namespace BigDL.Compute.Training;

/// <summary>Keras-style <c>model.Fit(...)</c> over <see cref="Trainer"/>.</summary>
public static class ModelFitExtensions
{
    /// <summary>Trains <paramref name="model"/> on <paramref name="train"/> with the given loss and optimizer.</summary>
    public static FitResult Fit(this Model model, Dataset train, Loss loss, Optimizer optimizer, FitOptions? options = null) =>
        new Trainer(model, loss, optimizer).Fit(train, options ?? new FitOptions());
}
