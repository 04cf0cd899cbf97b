namespace BigDL.Grains;

/// <summary>Finds the objective of a model type: a registered <see cref="ITrialObjective"/> first, then the built-in ones.</summary>
internal static class TrialObjectives
{
    static readonly ITrialObjective[] BuiltIn = [new MlpClassifierObjective()];

    public static ITrialObjective? Find(IEnumerable<ITrialObjective> registered, string modelType) =>
        registered.Concat(BuiltIn).FirstOrDefault(o => o.ModelType == modelType);

    public static IReadOnlyList<string> Types(IEnumerable<ITrialObjective> registered) =>
        [.. registered.Concat(BuiltIn).Select(o => o.ModelType).Distinct()];
}
