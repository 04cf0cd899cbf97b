using BigDL.Compute.Kernels;
using BigDL.Compute.Nn;

namespace BigDL.Compute.Models;

/// <summary>
/// Neural matrix factorisation (He et al. 2017, https://arxiv.org/abs/1708.05031): a GMF branch (user ⊙ item embeddings)
/// and an MLP branch over concatenated embeddings, joined by a linear head emitting one logit per (user, item).
/// Inputs: <c>user</c> [batch, 1] and <c>item</c> [batch, 1] holding integer ids.
/// </summary>
public static class NeuMF
{
    /// <summary>Builds the graph (unbuilt: call <c>Build(seed)</c> or let training build it).</summary>
    /// <param name="users">Distinct users.</param>
    /// <param name="items">Distinct items.</param>
    /// <param name="gmfDimension">GMF embedding width.</param>
    /// <param name="mlpLayers">MLP widths; the first is the concatenated embedding width (half per side).</param>
    public static GraphModel Create(int users, int items, int gmfDimension = 64, IReadOnlyList<int>? mlpLayers = null)
    {
        mlpLayers ??= [128, 64, 32];
        if (mlpLayers.Count < 1 || mlpLayers[0] % 2 != 0)
        {
            throw new ArgumentException("mlpLayers needs at least one even width (the concatenated embedding width)", nameof(mlpLayers));
        }

        var g = new GraphModel();
        var user = g.Input("user", 1);
        var item = g.Input("item", 1);
        var gmf = g.Apply(new Multiply(name: "gmf"),
            g.Apply(new Embedding(users, gmfDimension, "gmf_user"), user),
            g.Apply(new Embedding(items, gmfDimension, "gmf_item"), item));
        var h = g.Apply(new Concat(name: "mlp_concat"),
            g.Apply(new Embedding(users, mlpLayers[0] / 2, "mlp_user"), user),
            g.Apply(new Embedding(items, mlpLayers[0] / 2, "mlp_item"), item));
        for (var i = 1; i < mlpLayers.Count; i++)
        {
            h = g.Apply(new Dense(mlpLayers[i], Activation.ReLU, name: $"mlp{i - 1}"), h);
        }

        var joined = g.Apply(new Concat(name: "head_concat"), gmf, h);
        return g.SetOutput(g.Apply(new Dense(1, name: "head"), joined));
    }
}
