using System.Text;
using System.Text.Json;
using BigDL.Compute.Nn;

namespace BigDL.Compute.Serialization;

/// <summary>
/// The architecture of a model as JSON (layers, their settings, the graph's wiring), enough to rebuild it in another
/// process; weights travel separately in safetensors.
/// </summary>
public static class ModelDescription
{
    /// <summary>The format tag written into every description.</summary>
    public const string Format = "bigdl.orleans.model/1";

    /// <summary>Describes a <see cref="Sequential"/> or <see cref="GraphModel"/>.</summary>
    public static string ToJson(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            switch (model)
            {
                case Sequential s:
                    w.WriteString("type", "Sequential");
                    WriteInts(w, "inputShape", s.InputShapes[0]);
                    w.WriteStartArray("layers");
                    foreach (var layer in s.Layers)
                    {
                        WriteLayer(w, layer, null);
                    }

                    w.WriteEndArray();
                    break;
                case GraphModel g:
                    w.WriteString("type", "Graph");
                    w.WriteStartArray("inputs");
                    foreach (var input in g.Inputs)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", input.Name);
                        WriteInts(w, "shape", input.InputShape!);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("nodes");
                    foreach (var node in g.Nodes.Where(n => !n.IsInput))
                    {
                        WriteLayer(w, node.Layer!, node.Inputs);
                    }

                    w.WriteEndArray();
                    w.WriteString("output", g.Output?.Name);
                    break;
                default:
                    throw new NotSupportedException($"cannot describe a model of type {model.GetType().Name}");
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Rebuilds an (unbuilt) model from its description.</summary>
    public static Model FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (!root.TryGetProperty("format", out var format) || format.GetString() != Format)
        {
            throw new InvalidDataException($"not a model description of format {Format}");
        }

        switch (root.GetProperty("type").GetString())
        {
            case "Sequential":
                var model = new Sequential(ReadInts(root.GetProperty("inputShape")));
                foreach (var config in root.GetProperty("layers").EnumerateArray())
                {
                    model.Add(LayerFactory.Create(config) as UnaryLayer
                        ?? throw new InvalidDataException($"layer '{config.GetProperty("name").GetString()}' takes several inputs; a Sequential needs single-input layers"));
                }

                return model;
            case "Graph":
                var graph = new GraphModel();
                var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
                foreach (var input in root.GetProperty("inputs").EnumerateArray())
                {
                    var name = input.GetProperty("name").GetString()!;
                    nodes[name] = graph.Input(name, ReadInts(input.GetProperty("shape")));
                }

                foreach (var config in root.GetProperty("nodes").EnumerateArray())
                {
                    var inputs = config.GetProperty("inputs").EnumerateArray()
                        .Select(i => nodes.TryGetValue(i.GetString()!, out var n) ? n : throw new InvalidDataException($"node input '{i.GetString()}' is not defined before use"))
                        .ToArray();
                    var node = graph.Apply(LayerFactory.Create(config), inputs);
                    nodes[node.Name] = node;
                }

                var output = root.GetProperty("output").GetString()!;
                return graph.SetOutput(nodes.TryGetValue(output, out var o) ? o : throw new InvalidDataException($"output node '{output}' is not defined"));
            case var other:
                throw new InvalidDataException($"unknown model type '{other}'");
        }
    }

    static void WriteLayer(Utf8JsonWriter w, Layer layer, IReadOnlyList<Node>? inputs)
    {
        w.WriteStartObject();
        w.WriteString("kind", layer.Kind);
        w.WriteString("name", layer.Name);
        if (inputs is not null)
        {
            w.WriteStartArray("inputs");
            foreach (var i in inputs)
            {
                w.WriteStringValue(i.Name);
            }

            w.WriteEndArray();
        }

        layer.WriteConfig(w);
        w.WriteEndObject();
    }

    static void WriteInts(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    static int[] ReadInts(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetInt32())];
}
