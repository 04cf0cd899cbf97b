using System.Text.Json.Nodes;
using BigDL.Compute.Nn;
using BigDL.Compute.Serialization;

namespace BigDL.Compute.Quantization;

/// <summary>Post-training int8 quantization of a trained model's Dense layers; the float model is left untouched.</summary>
public static class Quantizer
{
    /// <summary>
    /// Returns a new model with every Dense replaced by a <see cref="QuantizedDense"/> (per-channel weight scales,
    /// dynamic per-row activation scales), all weights and buffers copied from <paramref name="model"/>.
    /// </summary>
    public static Model QuantizeDense(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Build(model.Seed);
        var description = JsonNode.Parse(ModelDescription.ToJson(model))!; // ToJson always writes an object
        var layers = description["layers"] ?? description["nodes"];
        foreach (var layer in layers!.AsArray())
        {
            if ((string?)layer!["kind"] == "Dense")
            {
                layer["kind"] = "QuantizedDense";
            }
        }

        var quantized = ModelDescription.FromJson(description.ToJsonString()).Build();

        // Same parameter names, shapes and order, hence the same flat layout.
        model.Parameters.Values.CopyTo(quantized.Parameters.Values, 0);
        for (var i = 0; i < model.Layers.Count; i++)
        {
            var from = model.Layers[i].Buffers;
            var to = quantized.Layers[i].Buffers;
            for (var b = 0; b < from.Count; b++)
            {
                from[b].Values.CopyTo(to[b].Values, 0);
            }

            if (quantized.Layers[i] is QuantizedDense q)
            {
                q.Quantize();
            }
        }

        return quantized;
    }
}
