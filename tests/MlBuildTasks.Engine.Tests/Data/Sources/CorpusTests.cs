using System.Text.Json;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Data.Sources;

/// <summary>
/// The malformed-input corpus (tests/MlBuildTasks.Engine.Tests/Corpus): each file is read through
/// <see cref="DataSourceFactory"/> and must give exactly the diagnostic, or the row count, its entry in
/// corpus.json states.
/// </summary>
[TestClass]
public sealed class CorpusTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static IEnumerable<object[]> Cases()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "corpus.json")));
        foreach (var entry in manifest.RootElement.GetProperty("cases").EnumerateArray())
            yield return [entry.GetProperty("file").GetString()!, entry.GetRawText()];
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void ReadingTheFileGivesWhatTheManifestSays(string file, string expectation)
    {
        using var entry = JsonDocument.Parse(expectation);
        var expected = entry.RootElement;
        var path = Path.Combine(Folder, file);
        var spec = new SourceSpec(DataSourceFactory.FormatFromExtension(path), path, Sources.DeclaredAt);

        if (expected.TryGetProperty("rows", out var rows))
        {
            using var reader = DataSourceFactory.Open(spec);
            Assert.HasCount(rows.GetInt32(), Sources.ReadAll(reader));
            if (expected.TryGetProperty("columns", out var columns)) Assert.HasCount(columns.GetInt32(), reader.Columns);
            return;
        }

        var code = expected.GetProperty("code").GetString()!;
        var error = Sources.ReadFails(() => DataSourceFactory.Open(spec), code);
        var column = expected.TryGetProperty("column", out var c) ? c.GetInt32() : 0;
        DiagnosticAssert.IsError(error, code, path, expected.GetProperty("line").GetInt32(), column);
        if (expected.TryGetProperty("message", out var message)) Assert.Contains(message.GetString()!, error.Message);
    }

    [TestMethod]
    public void EveryCorpusFileHasAnEntry()
    {
        var listed = Cases().Select(c => (string)c[0]).ToList();
        Assert.HasCount(listed.Count, listed.Distinct(), "A file is listed twice in corpus.json.");
        var files = Directory.GetFiles(Folder).Select(Path.GetFileName).Where(f => f is not ("corpus.json" or ".gitattributes")).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(files, listed.Order(StringComparer.Ordinal).ToList(), "Every file in Corpus/ needs an entry in corpus.json, and every entry a file.");
    }
}
