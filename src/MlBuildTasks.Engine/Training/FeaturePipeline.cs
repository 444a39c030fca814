using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Training;

/// <summary>
/// The featurization every model gets, per column, as the spec declares it or by default: numbers are optionally
/// clipped; numbers and booleans have missing values filled (the training mean by default; median, most frequent
/// or a constant on request), optionally with a missing-value indicator, and are optionally scaled; categories are
/// one-hot encoded, or one-hot hashed when they have more than <see cref="HashAbove"/> distinct values (or on
/// request); text is featurized (n-grams); dates become year, month, day, day of week and hour (<see cref="DateFeatures"/>).
/// Everything learned (means, medians, fences, vocabularies, scales) is learned from the rows the model is fitted on
/// and is part of the saved model, so an app passes raw values and gets the same treatment.
/// </summary>
public static class FeaturePipeline
{
    /// <summary>
    /// Changes when the same spec is featurized differently (2: dates became features), so the training cache,
    /// keyed by the spec, does not hand back a model featurized the old way.
    /// </summary>
    public const int Revision = 2;

    /// <summary>Categories with more distinct values than this are hashed unless the spec says otherwise.</summary>
    public const int HashAbove = 100;

    public static IEstimator<ITransformer> Build(MLContext ml, ResolvedSchema schema, TrainerDefinition trainer, IDataView train)
    {
        var parts = new List<string>();
        var pipeline = new EstimatorChain<ITransformer>();
        foreach (var column in schema.Features)
        {
            var featureName = "__f_" + column.ModelName;
            var preprocessing = column.Spec?.Preprocessing ?? Preprocessing.Default;
            parts.Add(featureName);
            switch (column.Type)
            {
                case ColumnType.Number or ColumnType.Boolean:
                    var input = column.ModelName;
                    var bounds = (Lower: double.NegativeInfinity, Upper: double.PositiveInfinity);
                    if (preprocessing.Clip is { } clip && column.Type == ColumnType.Number)
                    {
                        // Clipped before imputation, so a learned fill (mean, median) is of the clipped values.
                        bounds = Clipping.Bounds(clip, train, column.ModelName);
                        input = "__c_" + column.ModelName;
                        pipeline = pipeline.Append<ITransformer>(Clipping.Estimator(ml, input, column.ModelName, bounds.Lower, bounds.Upper));
                    }

                    if (preprocessing.MissingIndicator)
                    {
                        // Bool "was missing" flags, as 0/1 features next to the filled value.
                        var indicator = "__m_" + column.ModelName;
                        pipeline = pipeline.Append<ITransformer>(ml.Transforms.IndicateMissingValues(indicator + "_b", column.ModelName))
                            .Append<ITransformer>(ml.Transforms.Conversion.ConvertType(indicator, indicator + "_b", DataKind.Single));
                        parts.Add(indicator);
                    }

                    pipeline = pipeline.Append<ITransformer>(Impute(ml, featureName, input, preprocessing, Median(train, column.ModelName, bounds)));
                    if (Scale(ml, featureName, preprocessing.Scale) is { } scale) pipeline = pipeline.Append<ITransformer>(scale);
                    break;
                case ColumnType.Category:
                    var hash = preprocessing.Encoding == CategoryEncoding.Hash ||
                               (preprocessing.Encoding == CategoryEncoding.Auto && DistinctCount(train, column.ModelName) > HashAbove);
                    pipeline = pipeline.Append<ITransformer>(hash
                        ? ml.Transforms.Categorical.OneHotHashEncoding(featureName, column.ModelName)
                        : ml.Transforms.Categorical.OneHotEncoding(featureName, column.ModelName));
                    break;
                case ColumnType.Date:
                    pipeline = pipeline.Append<ITransformer>(DateFeatures.Build(ml, featureName, column.ModelName));
                    break;
                default:
                    pipeline = pipeline.Append<ITransformer>(ml.Transforms.Text.FeaturizeText(featureName, column.ModelName));
                    break;
            }
        }

        pipeline = pipeline.Append<ITransformer>(ml.Transforms.Concatenate(ColumnNames.Features, parts.ToArray()));
        if (trainer.NeedsNormalization) pipeline = pipeline.Append<ITransformer>(ml.Transforms.NormalizeMinMax(ColumnNames.Features));
        return pipeline;
    }

    private static IEstimator<ITransformer> Impute(MLContext ml, string output, string input, Preprocessing preprocessing, Func<double> median) => preprocessing.Impute switch
    {
        ImputeMethod.MostFrequent => ml.Transforms.ReplaceMissingValues(output, input, MissingValueReplacingEstimator.ReplacementMode.Mode),
        // ML.NET has no median replacement: the median of the fitted rows becomes a constant of the saved model.
        ImputeMethod.Median => Constant(ml, output, input, median()),
        ImputeMethod.Constant => Constant(ml, output, input, preprocessing.ImputeValue),
        _ => ml.Transforms.ReplaceMissingValues(output, input, MissingValueReplacingEstimator.ReplacementMode.Mean),
    };

    private static IEstimator<ITransformer> Constant(MLContext ml, string output, string input, double value) =>
        ml.Transforms.Expression(output, $"x => isna(x) ? ({FloatLiteral(value)}) : x", input);

    /// <summary>A value as a float literal of the Expression language (invariant, always with a decimal point).</summary>
    internal static string FloatLiteral(double value) => ((float)value).ToString("0.0###############", CultureInfo.InvariantCulture);

    private static IEstimator<ITransformer>? Scale(MLContext ml, string column, ScaleMethod method) => method switch
    {
        ScaleMethod.MinMax => ml.Transforms.NormalizeMinMax(column),
        ScaleMethod.MeanVariance => ml.Transforms.NormalizeMeanVariance(column),
        ScaleMethod.LogMeanVariance => ml.Transforms.NormalizeLogMeanVariance(column),
        ScaleMethod.Bin => ml.Transforms.NormalizeBinning(column),
        _ => null,
    };

    /// <summary>The median of a column's fitted rows, as the model sees them (clipped to <paramref name="bounds"/>); computed only when asked for.</summary>
    private static Func<double> Median(IDataView train, string column, (double Lower, double Upper) bounds) => () =>
    {
        var values = train.GetColumn<float>(column).Where(float.IsFinite).Select(v => Clipping.Apply(v, bounds.Lower, bounds.Upper)).Order().ToList();
        if (values.Count == 0) return 0;
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    };

    private static int DistinctCount(IDataView train, string column) =>
        train.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString()).Distinct(StringComparer.Ordinal).Take(HashAbove + 1).Count();
}
