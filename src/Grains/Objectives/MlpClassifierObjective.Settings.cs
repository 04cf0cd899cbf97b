namespace BigDL.Grains;

/// <summary>The settings one trial of the MLP trains with: the trial's parameters over the spec's model defaults.</summary>
public sealed partial class MlpClassifierObjective
{
    /// <summary>One trial's MLP settings.</summary>
    sealed record Settings(int Hidden, int Layers, double LearningRate, int BatchSize, double Dropout, float Margin, int InitSeed)
    {
        public static Settings Of(TrialContext context)
        {
            var m = context.Spec.Model;
            return new Settings(
                context.GetInt("hidden_units", m.HiddenUnits),
                context.GetInt("layers", m.Layers),
                context.GetDouble("learning_rate", m.LearningRate),
                context.GetInt("batch_size", m.BatchSize),
                context.GetDouble("dropout", m.Dropout),
                context.Spec.Dataset.Margin is { } given ? (float)given : DefaultMargin,
                unchecked((int)context.Spec.Seed * 7919 + context.Number));
        }
    }
}
