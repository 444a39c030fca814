using System.Text;
using System.Text.Json;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Monitoring.Live;
using MlBuildTasks.Engine.Monitoring.Logs;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Monitoring.Retraining;

/// <summary>
/// <c>MlIncludeFeedback</c>: production rows whose ground truth came back, added to the training data. Each logged
/// prediction with feedback for its id becomes one row of <c>&lt;Model&gt;.feedback-rows.jsonl</c> in the model's working
/// folder, with the data's columns (the logged inputs; the label from the feedback), and that file becomes one more
/// source of the spec's data, so it is fingerprinted, validated, profiled and split like any other. Columns the app does
/// not log (columns the model ignores, such as an id, or ones the log excludes) are empty, except that an ignored text
/// column (an identifier) holds the prediction id, so rules such as "required" or "unique" on it still hold.
/// </summary>
public static class FeedbackRows
{
    public static string PathOf(string directory, string model) => Path.Combine(directory, model + ".feedback-rows.jsonl");

    /// <summary>The spec with the feedback rows as one more data source, or as it was when no logged prediction has feedback yet.</summary>
    public static ModelSpec Include(ModelSpec spec, string logs, string? feedbackPath, string directory, IDiagnosticSink sink)
    {
        feedbackPath ??= Path.Combine(logs, spec.Name + ".feedback.jsonl");
        if (!File.Exists(feedbackPath))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.MonitorFeedbackUnreadable,
                $"MlIncludeFeedback is on but there is no feedback file '{feedbackPath}'. Record labels with the model's FeedbackLog, or set MlFeedback to the file."));
        var files = PredictionLogReader.FilesIn(logs, spec.Name);
        if (files.Count == 0)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.MonitorNoLogs,
                $"MlIncludeFeedback is on but '{logs}' holds no prediction logs of model '{spec.Name}' ({spec.Name}.predictions.*.jsonl). Set MlPredictionLogs to the folder the app's PredictionLog writes to."));

        var feedback = FeedbackFile.Read(feedbackPath);
        string[] columns;
        using (var first = DataSourceFactory.Open(spec.Data[0])) columns = [.. first.Columns];
        var inputs = columns.Where(c => c != spec.Label).ToList();
        var identifiers = inputs.Where(c => spec.FindColumn(c) is { Ignore: true, Type: ColumnType.Text or null }).ToHashSet(StringComparer.Ordinal);

        var path = PathOf(directory, spec.Name);
        var writer = new RowWriter(inputs, identifiers, spec.Label, feedback);
        PredictionLogReader.Read(files, new LogSchema(inputs, []), writer);
        if (writer.Rows == 0)
        {
            sink.Message($"{spec.Name}: MlIncludeFeedback: none of the logged predictions in '{logs}' has feedback yet ({feedback.Labels.Count:N0} labels in '{feedbackPath}'); the data is as it was.", important: true);
            if (File.Exists(path)) File.Delete(path);
            return spec;
        }

        AtomicFile.WriteAllBytes(path, writer.Bytes());
        sink.Message($"{spec.Name}: MlIncludeFeedback: {writer.Rows:N0} labelled production rows from '{logs}' join the training data ({Path.GetFileName(path)}).", important: true);
        return spec with { Data = [.. spec.Data, new SourceSpec(SourceFormat.JsonLines, path, spec.Data[0].DeclaredAt)] };
    }

    /// <summary>Writes one JSON object per logged record that has feedback: every data column, in the data's order.</summary>
    private sealed class RowWriter(IReadOnlyList<string> inputs, HashSet<string> identifiers, string label, FeedbackFile feedback) : ILogVisitor
    {
        private readonly MemoryStream _buffer = new();
        private readonly object?[] _values = new object?[inputs.Count];
        private readonly bool[] _seen = new bool[inputs.Count];
        private string _id = "";

        public int Rows { get; private set; }

        public void BeginRecord(ReadOnlySpan<byte> id)
        {
            Array.Clear(_seen);
            _id = Encoding.UTF8.GetString(id);
        }

        public void Number(LogSide side, int column, double value) => Set(column, value);

        public void Text(LogSide side, int column, ReadOnlySpan<char> value) => Set(column, value.ToString());

        public void Boolean(LogSide side, int column, bool value) => Set(column, value);

        public void Missing(LogSide side, int column) => Set(column, null);

        public void EndRecord()
        {
            if (!feedback.TryGetLabel(_id, out var value)) return;
            using var json = new Utf8JsonWriter(_buffer);
            json.WriteStartObject();
            for (var i = 0; i < inputs.Count; i++)
            {
                json.WritePropertyName(inputs[i]);
                switch (_seen[i] ? _values[i] : identifiers.Contains(inputs[i]) ? _id : null)
                {
                    case double number: json.WriteNumberValue(number); break;
                    case bool flag: json.WriteBooleanValue(flag); break;
                    case string text: json.WriteStringValue(text); break;
                    default: json.WriteNullValue(); break;
                }
            }

            json.WritePropertyName(label);
            value.WriteTo(json);
            json.WriteEndObject();
            json.Flush();
            _buffer.WriteByte((byte)'\n');
            Rows++;
        }

        public byte[] Bytes() => _buffer.ToArray();

        private void Set(int column, object? value)
        {
            _values[column] = value;
            _seen[column] = true;
        }
    }
}
