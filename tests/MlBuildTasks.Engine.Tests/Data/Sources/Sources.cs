using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Tests.Data.Sources;

/// <summary>Specs and whole-source reads for the data source tests.</summary>
internal static class Sources
{
    /// <summary>Where the test specs claim to declare their source; MLB2001/MLB2015/MLB2016 are reported here.</summary>
    public static readonly SourceLocation DeclaredAt = new("Model.mlmodel.json", 4, 13);

    public static SourceSpec SpecFor(SourceFormat format, string? path, char? delimiter = null, char? quote = null, bool hasHeader = true,
        IReadOnlyList<string>? columnNames = null, string? query = null, string? connection = null, string? connectionVariable = null) =>
        new(format, path, DeclaredAt, delimiter, quote, hasHeader, columnNames, null, query, connection, connectionVariable);

    /// <summary>Every row: each cell's text, or null when missing.</summary>
    public static List<string?[]> ReadAll(IRowReader reader)
    {
        var rows = new List<string?[]>();
        while (reader.Read())
            rows.Add([.. Enumerable.Range(0, reader.Columns.Count).Select(i => reader.IsMissing(i) ? null : reader.GetSpan(i).ToString())]);
        return rows;
    }

    /// <summary>Every row's location (its line, or row number).</summary>
    public static List<int> Lines(IRowReader reader)
    {
        var lines = new List<int>();
        while (reader.Read()) lines.Add(reader.RowLocation.Line);
        return lines;
    }

    /// <summary>Opens <paramref name="open"/>, reads to the end and expects an error with <paramref name="code"/>.</summary>
    public static Diagnostic ReadFails(Func<IRowReader> open, string code) =>
        Tests.Support.DiagnosticAssert.Throws(() =>
        {
            using var reader = open();
            while (reader.Read())
                for (var i = 0; i < reader.Columns.Count; i++) _ = reader.GetSpan(i);
        }, code);

    public static void AreRows(IEnumerable<string?[]> expected, List<string?[]> actual)
    {
        var want = expected.Select(r => string.Join(" | ", r.Select(v => v ?? "<missing>"))).ToList();
        var got = actual.Select(r => string.Join(" | ", r.Select(v => v ?? "<missing>"))).ToList();
        CollectionAssert.AreEqual(want, got, "Rows:\n" + string.Join("\n", got));
    }
}
