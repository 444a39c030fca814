using Microsoft.ML;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Onnx;

/// <summary>
/// Converts a saved ML.NET model to ONNX with Microsoft.ML.OnnxConverter. The graph's inputs are the model's input
/// columns (the label left out, so an app feeds only features), one [batch, 1] tensor each (float for numbers and
/// booleans, string for categories); its outputs are the prediction columns, named <c>&lt;column&gt;.output</c>.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX name of a model column's output (the converter's naming).</summary>
    public static string OutputName(string column) => column + ".output";

    /// <summary>The prediction columns the ONNX model outputs for <paramref name="task"/>, of those <paramref name="scored"/> has.</summary>
    public static IReadOnlyList<string> PredictionColumns(ModelTask task, DataViewSchema scored)
    {
        string[] wanted = task switch
        {
            ModelTask.Regression => ["Score"],
            ModelTask.MulticlassClassification => ["PredictedLabel", "Score"],
            _ => ["PredictedLabel", "Score", "Probability"],
        };
        return wanted.Where(c => scored.GetColumnOrNull(c) is not null).ToList();
    }

    /// <summary>
    /// The ONNX model's bytes. <paramref name="rows"/> gives the input schema (rows with the label; it is dropped).
    /// Throws what the converter throws (InvalidOperationException, KeyNotFoundException, NotSupportedException) for a part it cannot convert.
    /// </summary>
    public static byte[] Convert(MLContext ml, ITransformer model, InMemoryDataView rows, ModelTask task)
    {
        var inputs = InputsOnly(rows);
        var outputs = PredictionColumns(task, model.GetOutputSchema(inputs.Schema));
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, inputs, stream, [.. outputs]);
        return stream.ToArray();
    }

    /// <summary>
    /// The rows without their label column: the model's inputs as an app passes them. A new source view, not a
    /// DropColumns transform: the converter exports every transform between the source data and the model.
    /// </summary>
    public static InMemoryDataView InputsOnly(InMemoryDataView rows) =>
        new(rows.Schema.Where(c => c.Name != ColumnNames.Label).Select(c => (c.Name, c.Type, rows.Values(c.Name))).ToList());
}
