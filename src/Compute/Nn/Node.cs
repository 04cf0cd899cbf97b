namespace BigDL.Compute.Nn;

/// <summary>A value in a functional graph: a model input or a layer applied to earlier nodes.</summary>
public sealed class Node
{
    internal Node(int index, string name, Layer? layer, Node[] inputs, int[]? inputShape)
    {
        Index = index;
        Name = name;
        Layer = layer;
        Inputs = inputs;
        InputShape = inputShape;
    }

    /// <summary>Position in creation (and execution) order.</summary>
    public int Index { get; }

    /// <summary>The input's name or the layer's name.</summary>
    public string Name { get; internal set; }

    /// <summary>The layer producing this node, or null for a model input.</summary>
    public Layer? Layer { get; }

    /// <summary>The nodes the layer reads.</summary>
    public IReadOnlyList<Node> Inputs { get; }

    /// <summary>Per-sample shape of a model input (null for layer nodes).</summary>
    public int[]? InputShape { get; }

    /// <summary>Whether this node is a model input.</summary>
    public bool IsInput => Layer is null;
}
