using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Profiling;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Training;

/// <summary>
/// A number column's <c>clip</c>: values below the lower bound become the lower bound, above the upper the upper.
/// An Expression transform, so the bounds are constants of the saved model and prediction clips the same way;
/// IQR fences are learned from the rows the model is fitted on, like the median of <c>"impute": "median"</c>.
/// </summary>
public static class Clipping
{
    /// <summary>The bounds <paramref name="clip"/> means for <paramref name="column"/> of <paramref name="train"/> (infinite for an open side).</summary>
    public static (double Lower, double Upper) Bounds(Clip clip, IDataView train, string column)
    {
        if (!clip.Iqr) return (clip.Lower ?? double.NegativeInfinity, clip.Upper ?? double.PositiveInfinity);
        var values = train.GetColumn<float>(column).Where(float.IsFinite).ToList();
        if (values.Count == 0) return (double.NegativeInfinity, double.PositiveInfinity);
        // The validator's quartiles (NumericSummary, exact when it holds every value), so 'outliers': 'iqr' and 'clip': 'iqr' agree.
        var summary = new NumericSummary(sampleCapacity: values.Count);
        foreach (var value in values) summary.Add(value);
        return Outliers.IqrFences(summary);
    }

    /// <summary>
    /// <c>min(max(x, lower), upper)</c>: the expression language's min and max propagate NA, so a missing value stays
    /// missing for imputation. An open side (or a bound beyond float) is left out.
    /// </summary>
    public static IEstimator<ITransformer> Estimator(MLContext ml, string output, string input, double lower, double upper)
    {
        var expression = "x";
        if (float.IsFinite((float)lower)) expression = $"max({expression}, {FeaturePipeline.FloatLiteral(lower)})";
        if (float.IsFinite((float)upper)) expression = $"min({expression}, {FeaturePipeline.FloatLiteral(upper)})";
        return ml.Transforms.Expression(output, "x => " + expression, input);
    }

    /// <summary>A value as the model clips it.</summary>
    public static double Apply(double value, double lower, double upper) => Math.Min(Math.Max(value, lower), upper);
}
