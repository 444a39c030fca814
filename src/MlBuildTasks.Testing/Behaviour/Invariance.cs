using MlBuildTasks.Testing.Predictions;

namespace MlBuildTasks.Testing.Behaviour;

/// <summary>Invariance: changing a column that should not matter must not change the prediction.</summary>
public static class Invariance
{
    /// <summary>
    /// Fails when setting <paramref name="column"/> of <paramref name="row"/> to any of <paramref name="values"/> changes the
    /// predicted label, or moves the value (probability or score) by more than <paramref name="tolerance"/> from the row's own.
    /// </summary>
    public static void AssertInvariant(this TrainedModel model, object row, string column, IEnumerable<object?> values, double tolerance = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        var baseline = model.Predict(row);
        var changed = new List<string>();
        foreach (var value in values)
        {
            var variant = RowValues.With(row, column, value);
            var prediction = model.Predict(variant);
            if (!Describe.SameLabel(prediction.Label, baseline.Label) || Math.Abs(prediction.Value - baseline.Value) > tolerance)
                changed.Add($"  {column} = {Describe.Value(value)}: {prediction}");
        }

        if (changed.Count == 0) return;
        Assert.Fail($"{model.Name}: the prediction should not depend on '{column}' (same label, value within ± {Describe.Number(tolerance)}), " +
            $"but {changed.Count} value(s) changed it.\nInputs: {Describe.Row(row)}\nPrediction: {baseline}\nChanged:\n{string.Join("\n", changed)}");
    }
}
