namespace BigDL.Compute.Nn;

/// <summary>A tensor's shape does not fit the layer, loss or file it is given to; the message names both.</summary>
public sealed class ShapeMismatchException : ArgumentException
{
    /// <summary>Creates the exception with a message naming the layer and the shapes.</summary>
    public ShapeMismatchException(string message)
        : base(message)
    {
    }
}
