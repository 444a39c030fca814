using System.Globalization;

namespace MlBuildTasks.Testing.Predictions;

/// <summary>
/// What a model predicted for one row. <see cref="Label"/> is the predicted class (a bool for binary classification, the
/// class name for multiclass; null for regression); <see cref="Score"/> is ML.NET's score (the predicted value for
/// regression, the raw margin for binary, the winning class's score for multiclass); <see cref="Probability"/> is set
/// for a calibrated binary classifier. <see cref="Value"/> is the number behaviour tests compare.
/// </summary>
public sealed record Prediction(object? Label, float Score, float? Probability, IReadOnlyDictionary<string, float>? ClassScores = null)
{
    /// <summary>The probability where there is one, else the score: what "raising X must not lower the score" is about.</summary>
    public float Value => Probability ?? Score;

    public override string ToString()
    {
        var parts = new List<string>();
        if (Label is not null) parts.Add($"label {Format(Label)}");
        if (Probability is { } probability) parts.Add($"probability {probability.ToString("0.####", CultureInfo.InvariantCulture)}");
        parts.Add($"score {Score.ToString("0.####", CultureInfo.InvariantCulture)}");
        return string.Join(", ", parts);
    }

    internal static string Format(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
