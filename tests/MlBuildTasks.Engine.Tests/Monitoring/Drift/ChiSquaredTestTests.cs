using MlBuildTasks.Engine.Monitoring.Drift;

namespace MlBuildTasks.Engine.Tests.Monitoring.Drift;

[TestClass]
public sealed class ChiSquaredTestTests
{
    [TestMethod]
    public void TwoByThreeTableByHand()
    {
        //              a    b    c   total
        // reference   10   20   30    60
        // current     20   20   20    60
        // total       30   40   50   120
        // Expected (row total * column total / 120): both rows 15, 20, 25.
        // χ² = 25/15 + 0/20 + 25/25 + 25/15 + 0/20 + 25/25 = 5.333333; dof = 3 - 1 = 2.
        // With 2 dof the upper tail is exactly e^(-χ²/2) = e^(-2.666667) = 0.069483451.
        var result = ChiSquaredTest.Homogeneity([(10, 20), (20, 20), (30, 20)]);

        Assert.AreEqual(16.0 / 3, result.Statistic, 1e-12);
        Assert.AreEqual(2, result.DegreesOfFreedom);
        Assert.AreEqual(0.069483451, result.PValue, 1e-9);
    }

    [TestMethod]
    public void UpperTailMatchesTheTable()
    {
        // Critical values: 5.991 with 2 dof and 3.841 with 1 dof are the 5% points; 9.210 with 2 dof the 1% point.
        Assert.AreEqual(0.05, ChiSquaredTest.UpperTail(5.991464547, 2), 1e-9);
        Assert.AreEqual(0.05, ChiSquaredTest.UpperTail(3.841458821, 1), 1e-9);
        Assert.AreEqual(0.01, ChiSquaredTest.UpperTail(9.210340372, 2), 1e-9);
        Assert.AreEqual(1.0, ChiSquaredTest.UpperTail(0, 3));
    }

    [TestMethod]
    public void CategoriesEmptyOnBothSidesAreLeftOut()
    {
        // The same table with an empty column: still 2 dof.
        var result = ChiSquaredTest.Homogeneity([(10, 20), (0, 0), (20, 20), (30, 20)]);

        Assert.AreEqual(2, result.DegreesOfFreedom);
        Assert.AreEqual(16.0 / 3, result.Statistic, 1e-12);
    }

    [TestMethod]
    public void NewCategoryOnTheCurrentSideCounts()
    {
        //             a    b   new  total
        // reference   5    5    0    10
        // current     5    5   10    20
        // Expected: reference 10/30 of 10, 10, 10 = 3.333 each; current 6.667 each.
        // χ² = 2 (1.667²/3.333) + 3.333²/3.333 + 2 (1.667²/6.667) + 3.333²/6.667
        //    = 2 (0.833333) + 3.333333 + 2 (0.416667) + 1.666667 = 7.5; dof 2; p = e^-3.75 = 0.023517746.
        var result = ChiSquaredTest.Homogeneity([(5, 5), (5, 5), (0, 10)]);

        Assert.AreEqual(7.5, result.Statistic, 1e-12);
        Assert.AreEqual(0.023517746, result.PValue, 1e-9);
    }

    [TestMethod]
    public void NothingToCompareIsPOne()
    {
        Assert.AreEqual(new ChiSquaredResult(0, 0, 1), ChiSquaredTest.Homogeneity([(10, 4)]));
        Assert.AreEqual(new ChiSquaredResult(0, 0, 1), ChiSquaredTest.Homogeneity([(10, 0), (5, 0)]));
    }
}
