using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Monitoring.Live;

/// <summary>
/// Ground truth that arrived after the predictions: JSON Lines of <c>{"id": "&lt;prediction id&gt;", "label": &lt;value&gt;}</c>
/// (MlBuildTasks.Runtime's FeedbackLog writes them; any other system can, docs/monitoring.md). Held in memory by id
/// (feedback is a small share of the predictions); a later line for the same id replaces an earlier one. Lines that
/// are not such a record are counted and the first is named.
/// </summary>
public sealed class FeedbackFile
{
    private readonly Dictionary<string, JsonElement>.AlternateLookup<ReadOnlySpan<char>> _byId;

    private FeedbackFile(string path, Dictionary<string, JsonElement> labels, long malformed, string? firstMalformed)
    {
        Path = path;
        Labels = labels;
        _byId = labels.GetAlternateLookup<ReadOnlySpan<char>>();
        Malformed = malformed;
        FirstMalformed = firstMalformed;
    }

    public string Path { get; }

    /// <summary>Each prediction id's label, as the JSON value the file gave.</summary>
    public IReadOnlyDictionary<string, JsonElement> Labels { get; }

    /// <summary>The label of a prediction id as the log reader sees it (characters, no string made), or false when it has none.</summary>
    public bool TryGetLabel(ReadOnlySpan<char> id, out JsonElement label) => _byId.TryGetValue(id, out label);

    public long Malformed { get; }

    public string? FirstMalformed { get; }

    public static FeedbackFile Read(string path)
    {
        var labels = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        long malformed = 0;
        string? first = null;
        var number = 0;
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                if (TryParse(line) is { } record) labels[record.Id] = record.Label;
                else if (malformed++ == 0) first = $"{path}({number})";
            }
        }
        catch (IOException ex)
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.MonitorFeedbackUnreadable, $"The feedback file '{path}' cannot be read: {ex.Message}"));
        }

        return new FeedbackFile(path, labels, malformed, first);
    }

    private static (string Id, JsonElement Label)? TryParse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                && root.TryGetProperty("label", out var label) && label.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array))
                return (id.GetString()!, label.Clone());
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
