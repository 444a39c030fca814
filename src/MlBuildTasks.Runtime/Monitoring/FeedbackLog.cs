using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MlBuildTasks.Runtime;

/// <summary>
/// Ground truth that arrives after the prediction: appends <c>{"id":"…","label":…,"time":"…"}</c> lines to
/// <c>&lt;Directory&gt;/&lt;Model&gt;.feedback.jsonl</c>, keyed by the prediction id the app returned
/// (<see cref="IModelOutput.PredictionId"/>). A predictor with a log has one (<see cref="ModelPredictor{TInput,TRow,TOutput}.Feedback"/>);
/// another process (the system that learns the truth) makes its own with the same folder and model. Thread-safe; each
/// label is one whole line, written and flushed before <c>Add</c> returns, so a failure (a folder that cannot be written)
/// is an exception to the caller, not a silent loss. The format: docs/monitoring.md#feedback-format.
/// </summary>
public sealed class FeedbackLog
{
    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _lock = new();

    /// <param name="directory">The folder of the file (created when the first label is written).</param>
    /// <param name="model">The model's name (<see cref="ModelSignature.Model"/>).</param>
    /// <param name="label">The signature's label: when given, a label of another kind than its type is refused.</param>
    public FeedbackLog(string directory, string model, SignatureLabel? label = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Directory = System.IO.Path.GetFullPath(directory);
        Model = model;
        Label = label;
        Path = System.IO.Path.Combine(Directory, FileName(model));
    }

    public string Directory { get; }

    public string Model { get; }

    public SignatureLabel? Label { get; }

    /// <summary>The file labels are appended to.</summary>
    public string Path { get; }

    /// <summary>The feedback file's name in its folder: <c>&lt;Model&gt;.feedback.jsonl</c>.</summary>
    public static string FileName(string model) => model + ".feedback.jsonl";

    /// <summary>Records the true label of a model whose label is a boolean (<c>"type": "boolean"</c>).</summary>
    /// <param name="predictionId">The output's <see cref="IModelOutput.PredictionId"/>.</param>
    /// <param name="label">The true value.</param>
    /// <param name="time">When the truth was known; default: now.</param>
    public void Add(string predictionId, bool label, DateTimeOffset? time = null)
    {
        RequireKind("boolean", label);
        Append(predictionId, json => json.WriteBooleanValue(label), time);
    }

    /// <summary>Records the true label of a model whose label is a number (<c>"type": "number"</c>: regression).</summary>
    public void Add(string predictionId, double label, DateTimeOffset? time = null)
    {
        if (!double.IsFinite(label)) throw new ArgumentOutOfRangeException(nameof(label), label, "A label must be a finite number.");
        RequireKind("number", label);
        Append(predictionId, json => json.WriteNumberValue(label), time);
    }

    /// <summary>Records the true label of a model whose label is text (a category's value as the data writes it).</summary>
    public void Add(string predictionId, string label, DateTimeOffset? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        RequireKind(null, label);
        Append(predictionId, json => json.WriteStringValue(label), time);
    }

    /// <summary>A label of the kind the signature's label type says: boolean, number, or (any other type) text.</summary>
    private void RequireKind(string? kind, object label)
    {
        if (Label is not { Type: { Length: > 0 } type }) return;
        var expected = type is "boolean" or "number" ? type : null;
        if (expected != kind)
            throw new ArgumentException(
                $"Model '{Model}' predicts '{Label.Name}', a {type}: its feedback label is {(expected ?? "text")}, not {(kind ?? "text")} ({Convert.ToString(label, CultureInfo.InvariantCulture)}).",
                nameof(label));
    }

    private void Append(string predictionId, Action<Utf8JsonWriter> writeLabel, DateTimeOffset? time)
    {
        if (!PredictionIds.IsValid(predictionId))
            throw new ArgumentException($"'{predictionId}' is not a prediction id: 32 hex digits, as the output's PredictionId.", nameof(predictionId));

        var line = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(line, s_json))
        {
            json.WriteStartObject();
            json.WriteString("id", predictionId.ToLowerInvariant());
            json.WritePropertyName("label");
            writeLabel(json);
            json.WriteString("time", (time ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        line.Write("\n"u8);
        lock (_lock)
        {
            System.IO.Directory.CreateDirectory(Directory);
            using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            file.Write(line.WrittenSpan);
        }
    }
}
