namespace MlBuildTasks.Engine.Data;

/// <summary>
/// A delimited file read into memory as text: the header, each record's fields and the physical line
/// each record starts on (for diagnostics). Typing happens later, against the schema.
/// </summary>
public sealed class DataTable(string file, IReadOnlyList<string> headers, List<string[]> rows, List<int> lines)
{
    public string File { get; } = file;
    public IReadOnlyList<string> Headers { get; } = headers;
    public IReadOnlyList<string[]> Rows => rows;

    /// <summary>The 1-based line on which row <c>i</c> starts.</summary>
    public IReadOnlyList<int> Lines => lines;

    public int RowCount => rows.Count;

    public int IndexOf(string column)
    {
        for (var i = 0; i < Headers.Count; i++)
            if (Headers[i] == column) return i;
        return -1;
    }

    /// <summary>
    /// The 1-based character column where field <paramref name="field"/> of row <paramref name="row"/>
    /// starts, assuming unquoted fields (exact for most CSVs, close for the rest).
    /// </summary>
    public int ColumnOf(int row, int field)
    {
        var column = 1;
        var values = rows[row];
        for (var i = 0; i < field && i < values.Length; i++) column += values[i].Length + 1;
        return column;
    }

    public IEnumerable<string> Column(int index) => rows.Select(r => r[index]);
}
