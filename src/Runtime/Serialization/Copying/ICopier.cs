namespace BigDL.Orleans.Serialization.Copying;

/// <summary>Deep-copies values of one runtime type.</summary>
internal interface ICopier
{
    /// <summary>Returns a copy of <paramref name="original"/>, recording it in <paramref name="context"/> before copying children.</summary>
    object Copy(object original, CopyContext context);
}
