using System.Text.Json;

namespace MlBuildTasks.Runtime.Tests.Monitoring;

/// <summary>Reads a prediction log's files as a reader (the lead's <c>mlbuild monitor</c>) would: sorted by name, line by line.</summary>
internal static class LogFiles
{
    public static string[] Of(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory, "ChurnModel.predictions.*.jsonl").Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Every file's text, read while the writer may still have it open.</summary>
    public static string Text(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The lines of every file in order; each file must end with a newline (whole lines only).</summary>
    public static List<string> Lines(string directory)
    {
        var lines = new List<string>();
        foreach (var file in Of(directory))
        {
            var text = Text(file);
            Assert.EndsWith("\n", text, $"{file} ends with a whole line");
            lines.AddRange(text[..^1].Split('\n'));
        }

        return lines;
    }

    public static List<JsonElement> Records(string directory) =>
        [.. Lines(directory).Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        })];
}
