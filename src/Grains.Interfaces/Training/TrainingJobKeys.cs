namespace BigDL.Grains;

/// <summary>The keys of training jobs that other grains start, so clients can find them.</summary>
public static class TrainingJobKeys
{
    /// <summary>The key of the training job attempt <paramref name="attempt"/> of a data-parallel trial trains through.</summary>
    public static string OfTrial(string experiment, int number, int attempt) => $"trial/{experiment}/{number}/{attempt}";
}
