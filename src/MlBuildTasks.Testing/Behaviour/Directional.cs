using MlBuildTasks.Testing.Predictions;

namespace MlBuildTasks.Testing.Behaviour;

/// <summary>Directional expectations: raising a column must move the score one way only (monotonicity).</summary>
public static class Directional
{
    /// <summary>
    /// Fails when raising <paramref name="column"/> of <paramref name="row"/> through <paramref name="ascendingValues"/> ever
    /// lowers the value (probability or score) by more than <paramref name="tolerance"/>.
    /// </summary>
    public static void AssertScoreNeverFalls(this TrainedModel model, object row, string column, IEnumerable<object?> ascendingValues, double tolerance = 0) =>
        Check(model, row, column, ascendingValues, tolerance, rising: true);

    /// <summary>
    /// Fails when raising <paramref name="column"/> of <paramref name="row"/> through <paramref name="ascendingValues"/> ever
    /// raises the value (probability or score) by more than <paramref name="tolerance"/>.
    /// </summary>
    public static void AssertScoreNeverRises(this TrainedModel model, object row, string column, IEnumerable<object?> ascendingValues, double tolerance = 0) =>
        Check(model, row, column, ascendingValues, tolerance, rising: false);

    private static void Check(TrainedModel model, object row, string column, IEnumerable<object?> ascendingValues, double tolerance, bool rising)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        var values = ascendingValues.ToList();
        if (values.Count < 2) throw new ArgumentException("Give at least two values, in ascending order.", nameof(ascendingValues));

        var predictions = values.Select(v => model.Predict(RowValues.With(row, column, v))).ToList();
        var wrong = new List<string>();
        for (var i = 1; i < values.Count; i++)
        {
            var step = predictions[i].Value - predictions[i - 1].Value;
            if (rising ? step < -tolerance : step > tolerance)
                wrong.Add($"{Describe.Value(values[i - 1])} -> {Describe.Value(values[i])} {(rising ? "lowered" : "raised")} it from " +
                    $"{Describe.Number(predictions[i - 1].Value)} to {Describe.Number(predictions[i].Value)}");
        }

        if (wrong.Count == 0) return;
        var expectation = $"raising '{column}' should never {(rising ? "lower" : "raise")} the score" + (tolerance > 0 ? $" by more than {Describe.Number(tolerance)}" : "");
        Assert.Fail($"{model.Name}: {expectation}, but {string.Join("; ", wrong)}.\nInputs: {Describe.Row(row)}\nPredictions:\n" +
            string.Join("\n", values.Select((v, i) => $"  {column} = {Describe.Value(v)}: {predictions[i]}")));
    }
}
