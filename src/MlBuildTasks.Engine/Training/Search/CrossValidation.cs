namespace MlBuildTasks.Engine.Training.Search;

/// <summary>One fold of a cross-validation: the rows fitted on and the rows scored, as row indices of the training data.</summary>
public sealed record Fold(IReadOnlyList<int> Fit, IReadOnlyList<int> Score);

/// <summary>
/// Seeded k-fold splits of the training part. With a grouping key every row of a group lands in the same fold,
/// so related rows (one customer's orders) never sit on both sides of a fold; groups are dealt largest first to
/// the fold with the fewest rows, which keeps folds even. Without one, classification folds are stratified: each
/// class is shuffled and dealt round-robin, so every fold keeps the class shares.
/// </summary>
public static class CrossValidation
{
    /// <param name="rows">The rows to split (indices into the training data).</param>
    /// <param name="classes">Each training-data row's class (classification), or null.</param>
    /// <param name="groups">Each training-data row's group key, or null.</param>
    public static IReadOnlyList<Fold> Split(IReadOnlyList<int> rows, IReadOnlyList<string>? classes, IReadOnlyList<string>? groups, int folds, int seed)
    {
        var random = new Random(seed);
        var assigned = new List<int>[folds];
        for (var f = 0; f < folds; f++) assigned[f] = [];

        if (groups is not null)
        {
            var byGroup = rows.GroupBy(r => groups[r], StringComparer.Ordinal).Select(g => g.ToList()).ToList();
            DataSplitter.Shuffle(byGroup, random); // ties in size are broken by a seeded order, not by the data's order
            foreach (var group in byGroup.OrderByDescending(g => g.Count))
                assigned.MinBy(f => f.Count)!.AddRange(group);
        }
        else
        {
            var strata = classes is null ? [rows.ToList()]
                : rows.GroupBy(r => classes[r], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
            var next = 0;
            foreach (var stratum in strata)
            {
                DataSplitter.Shuffle(stratum, random);
                foreach (var row in stratum) assigned[next++ % folds].Add(row);
            }
        }

        return Enumerable.Range(0, folds).Select(f =>
        {
            var score = assigned[f].Order().ToList();
            var fit = Enumerable.Range(0, folds).Where(o => o != f).SelectMany(o => assigned[o]).Order().ToList();
            return new Fold(fit, score);
        }).Where(f => f.Fit.Count > 0 && f.Score.Count > 0).ToList();
    }
}
