using Microsoft.ML.Data;
using Microsoft.ML;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;
using MlBuildTasks.Runtime;

namespace MlBuildTasks.Engine.Packaging;

/// <summary>
/// Writes a trained model's <see cref="ModelSignature"/>: inputs from the metrics (names and types the model was trained
/// with), the spec (required, declared bounds and values, date formats) and the data profile (ranges and values seen);
/// outputs from the saved model's own output schema, so the signature says what the model file really returns.
/// </summary>
public static class SignatureBuilder
{
    public static ModelSignature Build(ModelSpec spec, MetricsDocument metrics, ProfileDocument? profile, byte[] model)
    {
        var profiles = profile?.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal) ?? [];
        var inputs = metrics.Inputs.Select(input => Input(input, spec.FindColumn(input.Name), profiles.GetValueOrDefault(input.Name))).ToList();
        var labelProfile = profile?.Columns.FirstOrDefault(c => c.Role == "label");
        // A boolean label (yes/no, 1/0 in the data) is false/true to the model; named classes are listed as the data has them.
        IReadOnlyList<string>? labelClasses = spec.Task == ModelTask.Regression ? null
            : spec.Task.HasBinaryLabel() && spec.PositiveClass is null ? ["false", "true"]
            : labelProfile?.TopValues?.Select(v => v.Value).Order(StringComparer.Ordinal).ToList();
        var label = new SignatureLabel(metrics.Label, labelProfile?.Type ?? "", labelClasses,
            spec.Task.HasBinaryLabel() ? spec.PositiveClass ?? "true" : null);
        return new ModelSignature(ModelSignature.CurrentSchemaVersion, spec.Name, spec.Task.ToName(), label, inputs, Outputs(spec, model));
    }

    private static SignatureInput Input(InputColumn input, ColumnSpec? column, ColumnProfileDocument? profile)
    {
        var signature = new SignatureInput(input.Name, input.ModelColumn, input.Kind.ToName(), input.DataType,
            Required: column?.Required is { Value: true }, DateFormat: input.Kind == ColumnType.Date ? column?.DateFormat ?? DateValues.IsoName : null);
        if (input.Kind == ColumnType.Number)
            signature = signature with
            {
                Range = profile?.Min is null ? null : new NumberRange(profile.Min, profile.Max),
                ValidRange = column?.Min is null && column?.Max is null ? null : new NumberRange(column?.Min?.Value, column?.Max?.Value),
            };
        if (input.Kind == ColumnType.Category)
            signature = signature with { Categories = Domain(column, profile) };
        return signature;
    }

    /// <summary>The spec's allowed values when declared (the whole domain); else the profile's most frequent values, which are all of them only for a small domain.</summary>
    private static CategoryDomain? Domain(ColumnSpec? column, ColumnProfileDocument? profile)
    {
        if (column?.Allowed is { } allowed) return new CategoryDomain(allowed.Value.Order(StringComparer.Ordinal).ToList(), true, allowed.Value.Count, "spec");
        if (profile?.TopValues is not { } top) return null;
        var complete = profile.DistinctIsExact == true && profile.Distinct <= top.Count;
        return new CategoryDomain(top.Select(v => v.Value).Order(StringComparer.Ordinal).ToList(), complete, profile.Distinct, "training data");
    }

    private static List<SignatureOutput> Outputs(ModelSpec spec, byte[] model)
    {
        var ml = new MLContext(spec.Seed);
        var trained = ModelTrainer.Load(ml, model, spec.Task);
        var schema = trained.Saved.GetOutputSchema(trained.InputSchema);
        IReadOnlyList<string>? classes = null;
        if (spec.Task == ModelTask.MulticlassClassification)
        {
            // The scorer's predicted keys name the classes, in the order of the Score vector's slots.
            VBuffer<ReadOnlyMemory<char>> keys = default;
            trained.Scorer.GetOutputSchema(trained.InputSchema)["PredictedLabel"].GetKeyValues(ref keys);
            classes = keys.DenseValues().Select(k => k.ToString()).ToList();
        }

        var outputs = new List<SignatureOutput>();
        foreach (var (name, meaning) in Meanings(spec))
            if (schema.GetColumnOrNull(name) is { } column)
                outputs.Add(new SignatureOutput(name, DataType(column.Type), meaning, name == "PredictedLabel" || (name == "Score" && classes is not null) ? classes : null));
        return outputs;
    }

    private static IEnumerable<(string Name, string Meaning)> Meanings(ModelSpec spec) => spec.Task switch
    {
        ModelTask.BinaryClassification =>
        [
            ("PredictedLabel", $"true when the model predicts {(spec.PositiveClass is { } positive ? $"'{positive}'" : "true")} for '{spec.Label}'"),
            ("Score", "the raw score; higher means more likely true"),
            ("Probability", "the calibrated probability of true"),
        ],
        ModelTask.MulticlassClassification =>
        [
            ("PredictedLabel", $"the predicted class of '{spec.Label}'"),
            ("Score", "one probability per class, in the order of 'classes'"),
        ],
        ModelTask.AnomalyDetection =>
        [
            ("PredictedLabel", "true when the row is predicted an anomaly"),
            ("Score", "the anomaly score; higher means more anomalous"),
        ],
        _ => [("Score", $"the predicted value of '{spec.Label}'")],
    };

    private static string DataType(DataViewType type) => type switch
    {
        VectorDataViewType vector => $"{DataType(vector.ItemType)}[]",
        TextDataViewType => "String",
        KeyDataViewType => "UInt32",
        _ => type.RawType.Name,
    };
}
