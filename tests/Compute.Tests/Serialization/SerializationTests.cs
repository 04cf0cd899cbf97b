using System.Buffers.Binary;
using System.Text;
using BigDL.Compute.Kernels;
using BigDL.Compute.Models;
using BigDL.Compute.Nn;
using BigDL.Compute.Serialization;
using BigDL.Compute.Tensors;
using BigDL.Compute.Tests.Nn;

namespace BigDL.Compute.Tests.Serialization;

public class SerializationTests
{
    static Model RoundTrip(Model model)
    {
        using var buffer = new MemoryStream();
        ModelSerializer.Save(model, buffer);
        buffer.Position = 0;
        return ModelSerializer.Load(buffer);
    }

    public static TheoryData<string> Models => ["mlp", "ncf", "lstm", "cnn", "norms"];

    static (Model Model, Tensor[] Inputs) Create(string name)
    {
        var random = new Random(4);
        switch (name)
        {
            case "mlp":
                return (Mlp.Classifier(6, [8, 8], 3).Build(seed: 5), [GradientCheck.Random(random, 1, 4, 6)]);
            case "ncf":
                var users = Tensor.FromArray([0, 3, 9, 2], 4, 1);
                var items = Tensor.FromArray([1, 1, 7, 4], 4, 1);
                return (NeuMF.Create(10, 8, 4, [8, 4]).Build(seed: 5), [users, items]);
            case "lstm":
                return (LstmForecaster.Create(5, 2, 4, 3).Build(seed: 5), [GradientCheck.Random(random, 1, 4, 5, 2)]);
            case "cnn":
                return (SmallCnn.Create(1, 8, 8, 3, filters: 2).Build(seed: 5), [GradientCheck.Random(random, 1, 2, 1, 8, 8)]);
            default:
                var m = new Sequential([3, 4], new Gru(5, returnSequences: true), new LayerNorm(), new Flatten(), new BatchNorm(), new Dense(2, Activation.Gelu)).Build(seed: 5);
                m.Forward([GradientCheck.Random(random, 1, 6, 3, 4)], training: true); // moves the running statistics off their defaults
                return (m, [GradientCheck.Random(random, 1, 2, 3, 4)]);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Save_then_load_gives_identical_predictions(string name)
    {
        var (model, inputs) = Create(name);
        var expected = model.Forward(inputs).Span.ToArray();
        var loaded = RoundTrip(model);
        Assert.Equal(model.GetType(), loaded.GetType());
        Assert.Equal(expected, loaded.Forward(inputs).Span.ToArray());
        Assert.Equal(model.Parameters.Parameters.Select(p => p.Name), loaded.Parameters.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void The_file_follows_the_safetensors_layout_with_pytorch_names()
    {
        var model = Mlp.Classifier(3, [2], 2).Build();
        using var buffer = new MemoryStream();
        ModelSerializer.Save(model, buffer);
        var bytes = buffer.ToArray();
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, headerLength);
        Assert.Contains("\"dense0.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}", header, StringComparison.Ordinal);
        Assert.Contains("__metadata__", header, StringComparison.Ordinal);

        // The first weight's bytes start the data section, little-endian.
        Assert.Equal(model.Parameters["dense0.weight"].Value[0], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + headerLength)));
        Assert.Equal(8 + headerLength + 4 * (6 + 2 + 4 + 2), bytes.Length);
    }

    [Fact]
    public void A_header_length_past_the_end_of_the_file_is_refused_clearly()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        var e = Assert.Throws<InvalidDataException>(() => ModelSerializer.Load(new MemoryStream(bytes), "broken.safetensors"));
        Assert.Contains("broken.safetensors", e.Message, StringComparison.Ordinal);
        Assert.Contains("header length 1000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_that_is_not_json_is_refused_clearly()
    {
        var json = Encoding.UTF8.GetBytes("{not json");
        var bytes = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(bytes), "x.safetensors"));
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_weights_of_the_wrong_shape_names_the_tensor_and_both_shapes()
    {
        using var buffer = new MemoryStream();
        ModelSerializer.Save(Mlp.Classifier(3, [4], 2).Build(), buffer);
        buffer.Position = 0;
        var other = Mlp.Classifier(3, [5], 2).Build();
        var e = Assert.Throws<ShapeMismatchException>(() => ModelSerializer.LoadWeights(other, buffer));
        Assert.Contains("dense0.weight", e.Message, StringComparison.Ordinal);
        Assert.Contains("[4, 3]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[5, 3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_description_rebuilds_the_architecture_without_weights()
    {
        var model = NeuMF.Create(10, 8, 4, [8, 4]);
        var json = ModelDescription.ToJson(model);
        var rebuilt = (GraphModel)ModelDescription.FromJson(json);
        rebuilt.Build();
        model.Build();
        Assert.Equal(json, ModelDescription.ToJson(rebuilt));
        Assert.Equal(model.Parameters.Count, rebuilt.Parameters.Count);
        Assert.Equal(["user", "item"], rebuilt.Inputs.Select(i => i.Name));
    }
}

public class StateDictTests
{
    [Fact]
    public void A_state_dict_views_the_flat_buffer_and_loads_into_a_twin_model()
    {
        var model = Mlp.Classifier(3, [4], 2).Build(seed: 1);
        var state = model.StateDict();
        Assert.Equal(["dense0.weight", "dense0.bias", "dense1.weight", "dense1.bias"], state.Keys);
        Assert.Equal([4, 3], state["dense0.weight"].Shape.ToArray());
        state["dense1.bias"].Span[1] = 42;
        Assert.Equal(42, model.Parameters["dense1.bias"].Value[1]);

        var twin = Mlp.Classifier(3, [4], 2).Build(seed: 2);
        twin.LoadStateDict(state);
        Assert.Equal(model.Parameters.Values, twin.Parameters.Values);
        Assert.Throws<ShapeMismatchException>(() => Mlp.Classifier(3, [5], 2).LoadStateDict(state));
    }
}
