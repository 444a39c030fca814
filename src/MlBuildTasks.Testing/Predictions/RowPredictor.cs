using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlBuildTasks.Testing.Predictions;

/// <summary>
/// Predicts one row at a time through the model's row mapper, as ML.NET's PredictionEngine does (so a latency measured
/// here is what an app sees). Not thread-safe, like PredictionEngine: <see cref="TrainedModel"/> gives each caller its own.
/// </summary>
internal sealed class RowPredictor
{
    private readonly InputRow _input;
    private readonly Func<object?> _label;
    private readonly ValueGetter<float>? _score;
    private readonly ValueGetter<VBuffer<float>>? _scores;
    private readonly ValueGetter<float>? _probability;
    private readonly string[]? _classNames;

    public RowPredictor(ITransformer model, DataViewSchema inputSchema)
    {
        _input = new InputRow(inputSchema);
        var mapper = model.GetRowToRowMapper(inputSchema);
        var outputs = mapper.OutputSchema;
        var wanted = new[] { "PredictedLabel", "Score", "Probability" }
            .Select(outputs.GetColumnOrNull).OfType<DataViewSchema.Column>().ToList();
        var row = mapper.GetRow(_input, wanted);

        _label = outputs.GetColumnOrNull("PredictedLabel") is { } label ? LabelGetter(row, label) : () => null;
        if (outputs.GetColumnOrNull("Score") is { } score)
        {
            if (score.Type is VectorDataViewType)
            {
                _scores = row.GetGetter<VBuffer<float>>(score);
                _classNames = ClassNames(score);
            }
            else _score = row.GetGetter<float>(score);
        }

        if (outputs.GetColumnOrNull("Probability") is { } probability) _probability = row.GetGetter<float>(probability);
    }

    public Prediction Predict(object[] values)
    {
        _input.Set(values);
        var label = _label();
        float? probability = null;
        if (_probability is not null)
        {
            var p = 0f;
            _probability(ref p);
            probability = p;
        }

        if (_scores is not null)
        {
            VBuffer<float> buffer = default;
            _scores(ref buffer);
            var scores = buffer.DenseValues().ToArray();
            var byClass = _classNames is { } names && names.Length == scores.Length
                ? names.Zip(scores).ToDictionary(p => p.First, p => p.Second)
                : null;
            return new Prediction(label, scores.Length == 0 ? float.NaN : scores.Max(), probability, byClass);
        }

        var score = float.NaN;
        _score?.Invoke(ref score);
        return new Prediction(label, score, probability);
    }

    private static Func<object?> LabelGetter(DataViewRow row, DataViewSchema.Column column)
    {
        switch (column.Type.RawType)
        {
            case var t when t == typeof(bool):
                var flag = row.GetGetter<bool>(column);
                return () => { var v = false; flag(ref v); return v; };
            case var t when t == typeof(ReadOnlyMemory<char>):
                var text = row.GetGetter<ReadOnlyMemory<char>>(column);
                return () => { ReadOnlyMemory<char> v = default; text(ref v); return v.ToString(); };
            case var t when t == typeof(float):
                var number = row.GetGetter<float>(column);
                return () => { var v = 0f; number(ref v); return v; };
            case var t when t == typeof(double):
                var wide = row.GetGetter<double>(column);
                return () => { var v = 0d; wide(ref v); return v; };
            case var t when t == typeof(uint):
                var key = row.GetGetter<uint>(column);
                return () => { var v = 0u; key(ref v); return v; };
            default:
                return () => null;
        }
    }

    private static string[]? ClassNames(DataViewSchema.Column score)
    {
        if (!score.HasSlotNames()) return null;
        VBuffer<ReadOnlyMemory<char>> names = default;
        score.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }
}
