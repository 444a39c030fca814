using MlBuildTasks.Testing.Behaviour;
using MlBuildTasks.Testing.Tests.Support;

namespace MlBuildTasks.Testing.Tests.Behaviour;

/// <summary>Each behaviour assertion against the tiny model: one that holds passes, one that does not fails saying why.</summary>
[TestClass]
public sealed class BehaviourAssertionTests
{
    private static TrainedModel Model => TinyModel.Load();

    [TestMethod]
    public void GoldenLabelPassesAndFailsWithInputsAndPrediction()
    {
        Model.AssertPredicts(TinyModel.Row(10, "Month-to-month"), true);

        var failure = Assert.ThrowsExactly<AssertFailedException>(() => Model.AssertPredicts(TinyModel.Row(0, "Two year"), true));

        StringAssert.Contains(failure.Message, "TinyChurn: expected label true but predicted label false, probability ");
        StringAssert.Contains(failure.Message, "Inputs: { Support Calls = 0, Contract = \"Two year\", Note = \"\" }");
    }

    [TestMethod]
    public void GoldenValueChecksTheProbabilityWithinATolerance()
    {
        var probability = Model.Predict(TinyModel.Row(5)).Value;
        Model.AssertPredictsValue(TinyModel.Row(5), probability + 0.01, tolerance: 0.02);

        var failure = Assert.ThrowsExactly<AssertFailedException>(() => Model.AssertPredictsValue(TinyModel.Row(5), probability + 0.1, tolerance: 0.02));
        StringAssert.Contains(failure.Message, "± 0.02 but predicted label");
    }

    [TestMethod]
    public void InvarianceHoldsForAnIgnoredColumnAndFailsForAUsedOne()
    {
        Model.AssertInvariant(TinyModel.Row(6), "Note", ["", "VIP", "complained twice"], tolerance: 0);

        var failure = Assert.ThrowsExactly<AssertFailedException>(() =>
            Model.AssertInvariant(TinyModel.Row(5, "Two year"), "Contract", ["One year", "Month-to-month"], tolerance: 0.05));

        StringAssert.Contains(failure.Message, "the prediction should not depend on 'Contract' (same label, value within ± 0.05), but 1 value(s) changed it.");
        StringAssert.Contains(failure.Message, "Contract = \"Month-to-month\": label true");
        StringAssert.Contains(failure.Message, "Inputs: { Support Calls = 5, Contract = \"Two year\", Note = \"\" }");
    }

    [TestMethod]
    public void DirectionalExpectationsPassTheRightWayAndFailTheWrongWay()
    {
        Model.AssertScoreNeverFalls(TinyModel.Row(0), "Support Calls", [0, 2, 4, 8, 10]);

        var failure = Assert.ThrowsExactly<AssertFailedException>(() => Model.AssertScoreNeverRises(TinyModel.Row(0), "Support Calls", [0, 5, 10]));

        StringAssert.Contains(failure.Message, "raising 'Support Calls' should never raise the score, but 0 -> 5 raised it from");
        StringAssert.Contains(failure.Message, "Support Calls = 10: label true");
    }

    [TestMethod]
    public void DirectionalNeedsTwoValues() =>
        Assert.ThrowsExactly<ArgumentException>(() => Model.AssertScoreNeverFalls(TinyModel.Row(0), "Support Calls", [1]));

    [TestMethod]
    public void MinimumFunctionalityPassesAboveTheRateAndListsFailuresBelowIt()
    {
        (object Row, object Label)[] cases =
        [
            (TinyModel.Row(10, "Month-to-month"), true),
            (TinyModel.Row(0, "Two year"), false),
            (TinyModel.Row(1, "One year"), false),
            (TinyModel.Row(0, "Two year"), true), // wrong on purpose
        ];

        Assert.AreEqual(0.75, Model.AssertMinimumFunctionality("obvious cases", cases, minimumPassRate: 0.75));
        var failure = Assert.ThrowsExactly<AssertFailedException>(() => Model.AssertMinimumFunctionality("obvious cases", cases, minimumPassRate: 0.9));

        StringAssert.Contains(failure.Message, "TinyChurn: obvious cases: 3 of 4 cases passed (75%), below the minimum pass rate 90%.");
        StringAssert.Contains(failure.Message, "expected true, predicted label false");
    }

    [TestMethod]
    public void LatencyWithinAGenerousBudgetPassesAndAnImpossibleOneFails()
    {
        var measurement = Model.AssertLatency(TinyModel.Row(3), TimeSpan.FromSeconds(1), predictions: 200, warmup: 20);
        Assert.AreEqual(200, measurement.Predictions);
        Assert.IsLessThanOrEqualTo(measurement.MaxMilliseconds, measurement.P99Milliseconds);
        Assert.IsLessThanOrEqualTo(measurement.P99Milliseconds, measurement.P50Milliseconds);

        var failure = Assert.ThrowsExactly<AssertFailedException>(() => Model.AssertLatency(TinyModel.Row(3), TimeSpan.Zero, predictions: 50, warmup: 5));
        StringAssert.Contains(failure.Message, "ms is above the budget 0 ms (p50");
        StringAssert.Contains(failure.Message, "Prediction: label");
    }

    [TestMethod]
    public void PercentileIsTheNearestRank()
    {
        double[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.AreEqual(5, LatencyBudget.Percentile(sorted, 0.5));
        Assert.AreEqual(10, LatencyBudget.Percentile(sorted, 0.99));
    }
}
