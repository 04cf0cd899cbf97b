namespace BigDL.Orleans.Runtime;

/// <summary>The turn a grain is executing, flowing with the async control flow of that turn.</summary>
/// <remarks>
/// Outgoing calls read it to extend the call chain; the work item itself is stored, so setting the context
/// allocates nothing beyond the execution context copy that any AsyncLocal write costs.
/// </remarks>
internal static class RequestContext
{
    static readonly AsyncLocal<IActivationWork?> current = new();

    /// <summary>Gets or sets the work running on this logical flow, or null outside grain code.</summary>
    public static IActivationWork? Current
    {
        get => current.Value;
        set => current.Value = value;
    }
}
