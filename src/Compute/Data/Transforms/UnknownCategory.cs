namespace BigDL.Compute.Data.Transforms;

/// <summary>What an encoder does with a category it did not see in training.</summary>
public enum UnknownCategory
{
    /// <summary>Throw, naming the column, the value and where it came from.</summary>
    Error,

    /// <summary>Encode it as all zeros.</summary>
    AllZeros,
}
