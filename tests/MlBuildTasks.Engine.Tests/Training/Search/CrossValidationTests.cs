using MlBuildTasks.Engine.Training.Search;

namespace MlBuildTasks.Engine.Tests.Training.Search;

[TestClass]
public sealed class CrossValidationTests
{
    private static readonly int[] Rows = Enumerable.Range(0, 100).ToArray();

    [TestMethod]
    public void EveryRowIsScoredOnceAndNeverFittedInItsOwnFold()
    {
        var folds = CrossValidation.Split(Rows, null, null, 5, seed: 1);

        Assert.HasCount(5, folds);
        CollectionAssert.AreEquivalent(Rows, folds.SelectMany(f => f.Score).ToArray());
        foreach (var fold in folds)
        {
            Assert.IsFalse(fold.Fit.Intersect(fold.Score).Any());
            Assert.AreEqual(100, fold.Fit.Count + fold.Score.Count);
            Assert.HasCount(20, fold.Score);
        }
    }

    [TestMethod]
    public void ClassificationFoldsKeepTheClassShares()
    {
        var classes = Rows.Select(r => r < 20 ? "rare" : "common").ToArray();

        var folds = CrossValidation.Split(Rows, classes, null, 5, seed: 1);

        foreach (var fold in folds) Assert.AreEqual(4, fold.Score.Count(r => classes[r] == "rare"), "each fold gets a fifth of the rare class");
    }

    [TestMethod]
    public void AGroupNeverSpansTwoFolds()
    {
        var groups = Rows.Select(r => $"customer{r % 13}").ToArray();

        var folds = CrossValidation.Split(Rows, null, groups, 5, seed: 3);

        foreach (var fold in folds)
        {
            var scored = fold.Score.Select(r => groups[r]).ToHashSet();
            Assert.IsFalse(fold.Fit.Any(r => scored.Contains(groups[r])), "a group is on both sides of a fold");
        }

        Assert.IsLessThanOrEqualTo(8, folds.Max(f => f.Score.Count) - folds.Min(f => f.Score.Count), "groups are dealt to the emptiest fold");
    }

    [TestMethod]
    public void TheSameSeedSplitsTheSameWay()
    {
        string Folds(int seed) => string.Join("|", CrossValidation.Split(Rows, null, null, 4, seed).Select(f => string.Join(",", f.Score)));

        Assert.AreEqual(Folds(5), Folds(5));
        Assert.AreNotEqual(Folds(5), Folds(6));
    }

    [TestMethod]
    public void FewerGroupsThanFoldsLeavesOnlyFoldsWithRowsOnBothSides()
    {
        var groups = Rows.Select(r => r < 50 ? "a" : "b").ToArray();

        var folds = CrossValidation.Split(Rows, null, groups, 5, seed: 1);

        Assert.HasCount(2, folds);
    }
}
