using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using MlBuildTasks.Engine.Data.Sources;

namespace MlBuildTasks.Engine.Data;

/// <summary>
/// A block of consecutive rows copied out of a reader, so that each check can walk one column of many
/// rows in a tight loop instead of being called once per cell. Values are stored trimmed, one row after
/// another in one character buffer; each column keeps where its values start and how long they are
/// (-1 for a missing value, as the reader says; a value that is present can still be empty after trimming,
/// such as a JSON ""). A batch is refilled again and again, so reading a file of any size needs
/// only a few of them.
/// </summary>
public sealed class RowBatch
{
    /// <summary>Rows per batch: large enough that per-batch work vanishes, small enough to stay in cache.</summary>
    public const int DefaultCapacity = 4096;

    /// <summary>A batch also ends once its values hold this many characters (long text, a 1 MB field).</summary>
    private const int CharBudget = 1 << 20;

    private readonly int[][] _starts;
    private readonly int[][] _lengths;
    private readonly int[] _rowStarts;
    private readonly double[]?[] _numbers;
    private readonly CultureInfo[] _cultures;
    private char[] _chars = new char[64 * 1024];
    private int _used;

    public RowBatch(int columnCount, int capacity = DefaultCapacity)
    {
        Capacity = capacity;
        ColumnCount = columnCount;
        _starts = new int[columnCount][];
        _lengths = new int[columnCount][];
        for (var c = 0; c < columnCount; c++)
        {
            _starts[c] = new int[capacity];
            _lengths[c] = new int[capacity];
        }

        _rowStarts = new int[capacity + 1];
        _numbers = new double[columnCount][];
        _cultures = new CultureInfo[capacity];
        Tags = new long[capacity];
    }

    public int Capacity { get; }
    public int ColumnCount { get; }

    /// <summary>The rows held now.</summary>
    public int Count { get; private set; }

    /// <summary>Each row's tag (source and line; see <c>CellLocator</c>).</summary>
    public long[] Tags { get; }

    public bool IsFull => Count == Capacity || _used >= CharBudget;

    public bool IsMissing(int column, int row) => _lengths[column][row] < 0;

    /// <summary>The trimmed value of a cell; empty when missing.</summary>
    public ReadOnlySpan<char> Value(int column, int row)
    {
        var length = _lengths[column][row];
        return length <= 0 ? [] : _chars.AsSpan(_starts[column][row], length);
    }

    /// <summary>The culture numbers in this row's source are written in.</summary>
    public CultureInfo Culture(int row) => _cultures[row];

    /// <summary>Every value of a row, one after another, without separators.</summary>
    private ReadOnlySpan<char> RowText(int row) => _chars.AsSpan(_rowStarts[row], _rowStarts[row + 1] - _rowStarts[row]);

    /// <summary>
    /// A hash of a whole row (all its values and which are missing): one XxHash3 over the row's characters, then each
    /// value's length folded in so that ("ab","c") and ("a","bc") differ. Equal rows always hash equal.
    /// </summary>
    public ulong HashRow(int row)
    {
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(RowText(row)));
        for (var c = 0; c < ColumnCount; c++) hash = (hash ^ (uint)_lengths[c][row]) * 0x100000001B3UL;
        return hash;
    }

    /// <summary>
    /// A place for a numeric column's parsed values (NaN where missing or not a number), filled by the check
    /// that parses them so that the training data reuses them instead of parsing every number twice.
    /// </summary>
    public double[] Numbers(int column) => _numbers[column] ??= new double[Capacity];

    /// <summary>Numbers parsed for this column in this batch, or null when no check parsed any.</summary>
    public double[]? ParsedNumbers(int column) => _numbers[column];

    public void Clear()
    {
        Count = 0;
        _used = 0;
        Array.Clear(_numbers);
    }

    /// <summary>Copies the reader's current row in.</summary>
    public void Add(IRowReader reader, long tag)
    {
        var row = Count;
        _rowStarts[row] = _used;
        for (var c = 0; c < ColumnCount; c++)
        {
            _starts[c][row] = _used;
            if (!reader.TryGetValue(c, out var raw))
            {
                _lengths[c][row] = -1;
                continue;
            }

            var value = raw.Trim();
            if (_used + value.Length > _chars.Length) Grow(value.Length);
            value.CopyTo(_chars.AsSpan(_used));
            _used += value.Length;
            _lengths[c][row] = value.Length;
        }

        _rowStarts[row + 1] = _used;
        _cultures[row] = reader.NumberCulture;
        Tags[row] = tag;
        Count = row + 1;
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_chars.Length * 2, _used + needed);
        Array.Resize(ref _chars, size);
    }
}
