namespace MlBuildTasks.Testing.Behaviour;

/// <summary>Minimum functionality: simple cases whose answer is obvious, of which the model must get enough right.</summary>
public static class MinimumFunctionality
{
    /// <summary>
    /// Fails when the model predicts the expected label for fewer than <paramref name="minimumPassRate"/> of
    /// <paramref name="cases"/> (default: all). <paramref name="capability"/> names what the cases test, for the message.
    /// </summary>
    /// <returns>The share of cases predicted right.</returns>
    public static double AssertMinimumFunctionality(this TrainedModel model, string capability, IEnumerable<(object Row, object Label)> cases, double minimumPassRate = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumPassRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumPassRate, 1.0);
        var list = cases.ToList();
        if (list.Count == 0) throw new ArgumentException("Give at least one case.", nameof(cases));

        var failures = new List<string>();
        foreach (var (row, label) in list)
        {
            var prediction = model.Predict(row);
            if (!Describe.SameLabel(prediction.Label, label))
                failures.Add($"  expected {Describe.Value(label)}, predicted {prediction}: {Describe.Row(row)}");
        }

        var rate = (double)(list.Count - failures.Count) / list.Count;
        if (rate >= minimumPassRate) return rate;
        Assert.Fail($"{model.Name}: {capability}: {list.Count - failures.Count} of {list.Count} cases passed ({Percent(rate)}), " +
            $"below the minimum pass rate {Percent(minimumPassRate)}.\nFailed:\n{string.Join("\n", failures)}");
        return rate;
    }

    private static string Percent(double fraction) => Describe.Number(fraction * 100) + "%";
}
