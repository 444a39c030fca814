using System.Globalization;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// Reads one source a row at a time, in constant memory, as text: a CSV cell as written, a JSON or
/// database value formatted with the invariant culture (numbers round-trip, booleans "true"/"false",
/// dates ISO 8601). Readers report unusable input by throwing <see cref="MlBuildException"/> with an
/// MLB2xxx diagnostic at the exact place; they never throw anything else for bad input.
/// </summary>
public interface IRowReader : IDisposable
{
    /// <summary>For messages: the file path, or "sqlite:housing.db", or "postgres query".</summary>
    string Name { get; }

    /// <summary>Column names as the source has them (header, JSON keys, database columns).</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>The culture numbers in this source are written in.</summary>
    CultureInfo NumberCulture { get; }

    /// <summary>Moves to the next row; false at the end.</summary>
    bool Read();

    /// <summary>The current row's value of <paramref name="column"/> as text; empty when missing.</summary>
    ReadOnlySpan<char> GetSpan(int column);

    /// <summary>True when the value is absent: an empty or blank cell, JSON null or missing key, database NULL.</summary>
    bool IsMissing(int column);

    /// <summary>
    /// <see cref="GetSpan"/> and <see cref="IsMissing"/> in one call (the validator's per-cell path); false
    /// when the value is missing. Readers that can answer both from one lookup override it.
    /// </summary>
    bool TryGetValue(int column, out ReadOnlySpan<char> value)
    {
        value = GetSpan(column);
        return !IsMissing(column);
    }

    /// <summary>Where the current row is: file and 1-based line (CSV, JSON Lines), or file and row number.</summary>
    SourceLocation RowLocation { get; }

    /// <summary>
    /// <see cref="RowLocation"/>'s line, without allocating: the validator asks for it on every row.
    /// Readers whose location is cheap to compute override it.
    /// </summary>
    int Line => RowLocation.Line;

    /// <summary>Copies the current row into a batch (readers that can do it faster than value by value override it).</summary>
    void CopyRowTo(RowBatch batch, long tag) => batch.Add(this, tag);

    /// <summary>
    /// False when <see cref="CellLocation"/> is only the row (databases, Parquet): a failing cell is then
    /// located without reading the source again.
    /// </summary>
    bool HasCellPositions => true;

    /// <summary>Where a cell of the current row is (line and 1-based character column where the format has them).</summary>
    SourceLocation CellLocation(int column);
}
