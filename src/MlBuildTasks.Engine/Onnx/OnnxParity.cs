using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Onnx;

/// <summary>The first test row whose ONNX prediction differs from ML.NET's: the row's index among the rows compared, the output and both values.</summary>
public sealed record OnnxDifference(int Row, string Output, string MlNet, string Onnx);

/// <summary>How the ONNX model's predictions compared with ML.NET's on <see cref="Rows"/> rows (<see cref="MaxDifference"/>: see <see cref="OnnxParity"/>).</summary>
public sealed record OnnxParityResult(int Rows, IReadOnlyList<string> Outputs, double MaxDifference, OnnxDifference? First)
{
    public bool Passed => First is null;
}

/// <summary>
/// Runs the ONNX model with ONNX Runtime on the same rows the ML.NET model scores and compares every prediction:
/// scores and probabilities (each class's score, multiclass) within the tolerance, predicted labels equal. A difference
/// is absolute for values within ±1 (probabilities, most scores) and relative to ML.NET's value beyond: float rounding
/// grows with the value, and a regression model predicting prices in the thousands differs in the fourth decimal.
/// A label may differ only where ML.NET's own scores are a tie within the tolerance (a binary score at the threshold 0,
/// or multiclass's two best classes): float rounding may then tip either way, and neither answer is wrong.
/// </summary>
public static class OnnxParity
{
    public static OnnxParityResult Check(ITransformer model, byte[] onnx, Data.InMemoryDataView rows, ModelTask task, double tolerance)
    {
        var inputs = OnnxExporter.InputsOnly(rows);
        var scored = model.Transform(inputs);
        var columns = OnnxExporter.PredictionColumns(task, scored.Schema);
        var expected = columns.ToDictionary(c => c, c => ReadMlNet(scored, c));
        var count = expected[columns[0]].Count;
        if (count == 0) return new OnnxParityResult(0, columns, 0, null);

        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(onnx, options);
        var feeds = session.InputMetadata.Keys.Select(name => Feed(inputs, name, count)).ToList();
        using var results = session.Run(feeds, columns.Select(OnnxExporter.OutputName).ToList());
        var actual = columns.ToDictionary(c => c, c => ReadOnnx(results.Single(r => r.Name == OnnxExporter.OutputName(c)), count));

        var max = 0.0;
        OnnxDifference? first = null;
        var scores = expected.GetValueOrDefault("Score");
        for (var row = 0; row < count; row++)
        {
            foreach (var column in columns)
            {
                var (mlNet, onnxValue) = (expected[column][row], actual[column][row]);
                if (mlNet.Label is not null || onnxValue.Label is not null)
                {
                    if (mlNet.Label != onnxValue.Label && !IsTie(scores?[row].Numbers, task, tolerance))
                        first ??= new OnnxDifference(row, column, mlNet.Label ?? "", onnxValue.Label ?? "");
                    continue;
                }

                for (var slot = 0; slot < mlNet.Numbers!.Length; slot++)
                {
                    var (a, b) = (mlNet.Numbers[slot], onnxValue.Numbers![slot]);
                    var difference = double.IsNaN(a) && double.IsNaN(b) ? 0 : Math.Abs(a - b) / Math.Max(1, Math.Abs(a));
                    if (double.IsFinite(difference)) max = Math.Max(max, difference);
                    if (!(difference <= tolerance))
                        first ??= new OnnxDifference(row, mlNet.Numbers.Length == 1 ? column : $"{column}[{slot}]", Number(a), Number(b));
                }
            }
        }

        return new OnnxParityResult(count, columns, max, first);
    }

    /// <summary>A row's prediction in one column: numbers (one, or one per class) or a label.</summary>
    private readonly record struct Value(double[]? Numbers, string? Label);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static bool IsTie(double[]? scores, ModelTask task, double tolerance) => scores switch
    {
        null => false,
        [var score] => task != ModelTask.MulticlassClassification && Math.Abs(score) <= tolerance,
        _ => scores.OrderDescending().Take(2).ToArray() is [var best, var second] && best - second <= tolerance,
    };

    private static List<Value> ReadMlNet(IDataView scored, string column)
    {
        var type = scored.Schema[column].Type;
        return type switch
        {
            VectorDataViewType => scored.GetColumn<VBuffer<float>>(column).Select(v => new Value(v.DenseValues().Select(f => (double)f).ToArray(), null)).ToList(),
            BooleanDataViewType => scored.GetColumn<bool>(column).Select(b => new Value(null, b.ToString())).ToList(),
            TextDataViewType => scored.GetColumn<ReadOnlyMemory<char>>(column).Select(t => new Value(null, t.ToString())).ToList(),
            _ => scored.GetColumn<float>(column).Select(f => new Value([f], null)).ToList(),
        };
    }

    private static List<Value> ReadOnnx(DisposableNamedOnnxValue result, int count) => result.Value switch
    {
        Tensor<float> numbers => Rows(numbers.ToArray(), count).Select(r => new Value(r.Select(f => (double)f).ToArray(), null)).ToList(),
        Tensor<bool> labels => labels.ToArray().Select(b => new Value(null, b.ToString())).ToList(),
        Tensor<string> labels => labels.ToArray().Select(s => new Value(null, s)).ToList(),
        var other => throw new NotSupportedException($"ONNX output '{result.Name}' has the unexpected type {other?.GetType().Name}."),
    };

    private static IEnumerable<float[]> Rows(float[] flat, int count) => flat.Chunk(flat.Length / count);

    /// <summary>One input column as a [rows, 1] tensor: floats for number and boolean columns, strings for categories.</summary>
    private static NamedOnnxValue Feed(IDataView inputs, string name, int count)
    {
        int[] shape = [count, 1];
        return inputs.Schema[name].Type switch
        {
            TextDataViewType => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(inputs.GetColumn<ReadOnlyMemory<char>>(name).Select(t => t.ToString()).ToArray(), shape)),
            NumberDataViewType when inputs.Schema[name].Type.RawType == typeof(float) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(inputs.GetColumn<float>(name).ToArray(), shape)),
            var type => throw new NotSupportedException($"Input column '{name}' has the type {type}, which the ONNX parity check cannot feed."),
        };
    }
}
