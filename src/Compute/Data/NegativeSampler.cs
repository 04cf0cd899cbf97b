namespace BigDL.Compute.Data;

/// <summary>For recommendation: adds, for each positive (user, item) row, k items that user never interacted with, labelled 0.</summary>
/// <remarks>
/// Negatives are drawn uniformly from the items seen in the frame with a seeded generator, so the same frame and seed
/// give the same rows. The output has the user column, the item column and a numeric label column (1 positive, 0 negative);
/// each positive is followed by its negatives.
/// </remarks>
public sealed class NegativeSampler
{
    /// <summary>Creates a sampler.</summary>
    public NegativeSampler(string userColumn, string itemColumn, int negativesPerPositive, ulong seed = 0, string labelColumn = "label")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userColumn);
        ArgumentException.ThrowIfNullOrWhiteSpace(itemColumn);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumn);
        if (negativesPerPositive < 1)
        {
            throw new DatasetException($"NegativeSampler option negativesPerPositive must be at least 1 (was {negativesPerPositive})");
        }

        UserColumn = userColumn;
        ItemColumn = itemColumn;
        NegativesPerPositive = negativesPerPositive;
        Seed = seed;
        LabelColumn = labelColumn;
    }

    /// <summary>The user column.</summary>
    public string UserColumn { get; }

    /// <summary>The item column.</summary>
    public string ItemColumn { get; }

    /// <summary>Negatives drawn per positive.</summary>
    public int NegativesPerPositive { get; }

    /// <summary>The generator's seed.</summary>
    public ulong Seed { get; }

    /// <summary>The label column added.</summary>
    public string LabelColumn { get; }

    /// <summary>The positives of <paramref name="interactions"/> with their sampled negatives.</summary>
    public Frame Sample(Frame interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        interactions.RequireColumns([UserColumn, ItemColumn]);
        var users = interactions[UserColumn];
        var items = interactions[ItemColumn];

        // An item is named by its text; itemRow keeps a row holding it, to copy its typed value into the output.
        var itemRow = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (var r = 0; r < interactions.RowCount; r++)
        {
            var user = users.Text(r) ?? throw new DatasetException($"{interactions.Where(r)}, column '{UserColumn}': user is missing");
            var item = items.Text(r) ?? throw new DatasetException($"{interactions.Where(r)}, column '{ItemColumn}': item is missing");
            itemRow.TryAdd(item, r);
            if (!seen.TryGetValue(user, out var set))
            {
                seen[user] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(item);
        }

        var catalogue = itemRow.Keys.ToArray();
        var random = new SplitMix64(Seed);
        List<int> userRows = [], itemRows = [];
        List<double> labels = [];
        for (var r = 0; r < interactions.RowCount; r++)
        {
            var interacted = seen[users.Text(r)!]; // every user text was checked non-null above
            if (interacted.Count == catalogue.Length)
            {
                throw new DatasetException($"{interactions.Where(r)}: user '{users.Text(r)}' interacted with all {catalogue.Length} items; no negative can be sampled");
            }

            userRows.Add(r);
            itemRows.Add(r);
            labels.Add(1);
            for (var k = 0; k < NegativesPerPositive; k++)
            {
                string candidate;
                do
                {
                    candidate = catalogue[random.Next(catalogue.Length)];
                }
                while (interacted.Contains(candidate));

                userRows.Add(r);
                itemRows.Add(itemRow[candidate]);
                labels.Add(0);
            }
        }

        return new Frame([users.Take(userRows), items.Take(itemRows), new NumericColumn(LabelColumn, [.. labels])], interactions.Source);
    }
}
