using BigDL.Compute.Nn;

namespace BigDL.Compute.Serialization;

/// <summary>
/// Saves a model as one safetensors file: every parameter and buffer under its PyTorch-style name, with the model
/// description in the header's <c>__metadata__</c> (key <c>bigdl.model</c>), so another process can rebuild it and
/// another framework can read the weights.
/// </summary>
public static class ModelSerializer
{
    /// <summary>The metadata key holding the model description.</summary>
    public const string DescriptionKey = "bigdl.model";

    /// <summary>Writes the model to a stream.</summary>
    public static void Save(Model model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Build(model.Seed);
        var tensors = new List<SafeTensor>();
        foreach (var p in model.Parameters.Parameters)
        {
            tensors.Add(new SafeTensor(p.Name, [.. p.Shape], p.Value.ToArray()));
        }

        foreach (var layer in model.Layers)
        {
            foreach (var (name, shape, values) in layer.Buffers)
            {
                tensors.Add(new SafeTensor(layer.Name + "." + name, shape, (float[])values.Clone()));
            }
        }

        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt", // lets safetensors' torch loader accept the file
            [DescriptionKey] = ModelDescription.ToJson(model),
        };
        SafeTensors.Write(stream, tensors, metadata);
    }

    /// <summary>Writes the model to a file.</summary>
    public static void Save(Model model, string path)
    {
        using var file = File.Create(path);
        Save(model, file);
    }

    /// <summary>Rebuilds a model from a stream written by <see cref="Save(Model, Stream)"/>.</summary>
    public static Model Load(Stream stream, string source = "stream")
    {
        var (tensors, metadata) = SafeTensors.Read(stream, source);
        if (!metadata.TryGetValue(DescriptionKey, out var description))
        {
            throw new InvalidDataException($"{source}: no model description (metadata key '{DescriptionKey}'); use LoadWeights into a model you build");
        }

        var model = ModelDescription.FromJson(description).Build();
        Apply(model, tensors, source);
        return model;
    }

    /// <summary>Rebuilds a model from a file.</summary>
    public static Model Load(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file, path);
    }

    /// <summary>An independent copy of a model (architecture, weights and buffers), e.g. one per data-parallel replica.</summary>
    public static Model Clone(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        Save(model, buffer);
        buffer.Position = 0;
        return Load(buffer);
    }

    /// <summary>Copies weights from a safetensors stream into an existing model; names and shapes must match exactly.</summary>
    public static void LoadWeights(Model model, Stream stream, string source = "stream")
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Build(model.Seed);
        Apply(model, SafeTensors.Read(stream, source).Tensors, source);
    }

    static void Apply(Model model, IReadOnlyList<SafeTensor> tensors, string source)
    {
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var p in model.Parameters.Parameters)
        {
            var t = Find(byName, p.Name, [.. p.Shape], source);
            t.Values.CopyTo(p.Value);
        }

        foreach (var layer in model.Layers)
        {
            foreach (var (name, shape, values) in layer.Buffers)
            {
                Find(byName, layer.Name + "." + name, shape, source).Values.CopyTo(values, 0);
            }
        }

        model.Parameters.ZeroGrad();
    }

    static SafeTensor Find(Dictionary<string, SafeTensor> byName, string name, int[] shape, string source)
    {
        if (!byName.TryGetValue(name, out var t))
        {
            throw new InvalidDataException($"{source}: tensor '{name}' {Tensors.Tensor.ShapeText(shape)} is missing");
        }

        if (!t.Shape.AsSpan().SequenceEqual(shape))
        {
            throw new ShapeMismatchException($"{source}: tensor '{name}' has shape {Tensors.Tensor.ShapeText(t.Shape)}, the model needs {Tensors.Tensor.ShapeText(shape)}");
        }

        return t;
    }
}
