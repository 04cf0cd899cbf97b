using System.Text.Json;
using BigDL.Compute.Kernels;
using BigDL.Compute.Nn;

namespace BigDL.Compute.Serialization;

/// <summary>Rebuilds a layer from its kind, name and configuration in a model description.</summary>
public static class LayerFactory
{
    static readonly Dictionary<string, Func<JsonElement, string, Layer>> Custom = new(StringComparer.Ordinal);

    /// <summary>Registers a layer kind defined outside this assembly.</summary>
    public static void Register(string kind, Func<JsonElement, string, Layer> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(create);
        lock (Custom)
        {
            Custom[kind] = create;
        }
    }

    /// <summary>Creates the layer described by <paramref name="config"/> (which carries <c>kind</c> and <c>name</c>).</summary>
    public static Layer Create(JsonElement config)
    {
        var kind = config.GetProperty("kind").GetString() ?? "";
        var name = config.GetProperty("name").GetString() ?? "";
        int Int(string key) => config.GetProperty(key).GetInt32();
        float Float(string key) => config.GetProperty(key).GetSingle();
        bool Bool(string key) => config.GetProperty(key).GetBoolean();
        int[] Ints(string key) => [.. config.GetProperty(key).EnumerateArray().Select(e => e.GetInt32())];
        try
        {
            return kind switch
            {
                "Dense" => new Dense(Int("units"), Enum.Parse<Activation>(config.GetProperty("activation").GetString()!), Bool("useBias"), name),
                "QuantizedDense" => new Quantization.QuantizedDense(Int("units"), Enum.Parse<Activation>(config.GetProperty("activation").GetString()!), Bool("useBias"), name),
                "ReLU" => new ReLU(name),
                "Gelu" => new Gelu(name),
                "Tanh" => new Tanh(name),
                "Sigmoid" => new Sigmoid(name),
                "Identity" => new ActivationLayer(Activation.Identity, name),
                "Softmax" => new Softmax(name),
                "Flatten" => new Flatten(name),
                "Dropout" => new Dropout(Float("p"), Int("seed"), name),
                "Embedding" => new Embedding(Int("count"), Int("dimension"), name),
                "LSTM" => new Lstm(Int("hidden"), Bool("returnSequences"), name),
                "GRU" => new Gru(Int("hidden"), Bool("returnSequences"), name),
                "Concat" => new Concat(Int("arity"), name),
                "Add" => new Nn.Add(Int("arity"), name),
                "Multiply" => new Multiply(Int("arity"), name),
                "LayerNorm" => new LayerNorm(Float("epsilon"), name),
                "BatchNorm" => new BatchNorm(Float("momentum"), Float("epsilon"), name),
                "Conv2D" => new Conv2D(Int("filters"), Ints("kernel"), Ints("stride"), Ints("padding"), Enum.Parse<Activation>(config.GetProperty("activation").GetString()!), name),
                "MaxPool2D" => new MaxPool2D(Ints("pool"), Ints("stride"), name),
                _ => CreateCustom(kind, config, name),
            };
        }
        catch (KeyNotFoundException e)
        {
            throw new InvalidDataException($"layer '{name}' ({kind}): the description lacks a setting ({e.Message})", e);
        }
    }

    static Layer CreateCustom(string kind, JsonElement config, string name)
    {
        lock (Custom)
        {
            return Custom.TryGetValue(kind, out var create)
                ? create(config, name)
                : throw new InvalidDataException($"layer '{name}': unknown kind '{kind}'");
        }
    }
}
