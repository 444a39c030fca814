namespace MlBuildTasks.Testing.Behaviour;

/// <summary>Golden examples: a row and the output it must get.</summary>
public static class GoldenExamples
{
    /// <summary>Fails unless the model predicts <paramref name="expectedLabel"/> for <paramref name="row"/>.</summary>
    public static void AssertPredicts(this TrainedModel model, object row, object expectedLabel)
    {
        var prediction = model.Predict(row);
        if (Describe.SameLabel(prediction.Label, expectedLabel)) return;
        Assert.Fail($"{model.Name}: expected label {Describe.Value(expectedLabel)} but predicted {prediction}.\nInputs: {Describe.Row(row)}");
    }

    /// <summary>
    /// Fails unless the model's value for <paramref name="row"/> (the probability of a binary classifier, the predicted
    /// value of a regression) is within <paramref name="tolerance"/> of <paramref name="expected"/>.
    /// </summary>
    public static void AssertPredictsValue(this TrainedModel model, object row, double expected, double tolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        var prediction = model.Predict(row);
        if (Math.Abs(prediction.Value - expected) <= tolerance) return;
        Assert.Fail($"{model.Name}: expected a value of {Describe.Number(expected)} ± {Describe.Number(tolerance)} but predicted {prediction}.\nInputs: {Describe.Row(row)}");
    }
}
