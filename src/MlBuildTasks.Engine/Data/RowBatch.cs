using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MlBuildTasks.Engine.Data.Sources;

namespace MlBuildTasks.Engine.Data;

/// <summary>
/// A block of consecutive rows copied out of a reader, so that each check can walk one column of many
/// rows in a tight loop instead of being called once per cell. Rows are stored one after another in one
/// character buffer (a CSV record's text, or the values one after another); each column keeps, per row, one
/// number saying where its trimmed value starts and how long it is (length -1 for a missing value, as the
/// reader says; a value that is present can still be empty after trimming, such as a JSON ""). These numbers lie
/// row after row in one array (a row's cells side by side), so the reading thread writes them in one stream
/// and a column's values sit a fixed stride apart. A batch is refilled again and again, so reading a file of
/// any size needs only a few of them.
/// </summary>
public sealed class RowBatch
{
    /// <summary>Rows per batch: large enough that per-batch work vanishes, small enough (about 300 KB) to stay in a core's cache.</summary>
    public const int DefaultCapacity = 1024;

    /// <summary>A batch also ends once its values hold this many characters (long text, a 1 MB field).</summary>
    private const int CharBudget = 1 << 20;

    /// <summary>Per row and column (row-major): the value's length (high 32 bits, -1 when missing) and start (low 32 bits).</summary>
    private readonly long[] _cells;
    private readonly CheckOutput<ulong> _categoryKeys;
    private readonly CheckOutput<double> _numbers;
    private readonly CultureInfo[] _cultures;
    private char[] _chars = new char[64 * 1024];
    private int _used;

    public RowBatch(int columnCount, int capacity = DefaultCapacity)
    {
        Capacity = capacity;
        ColumnCount = columnCount;
        _cells = new long[columnCount * capacity];
        _categoryKeys = new CheckOutput<ulong>(columnCount, capacity);
        _numbers = new CheckOutput<double>(columnCount, capacity);
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

    public bool IsMissing(int column, int row) => _cells[row * ColumnCount + column] < 0;

    /// <summary>The trimmed value of a cell; empty when missing.</summary>
    public ReadOnlySpan<char> Value(int column, int row) => Column(column)[row];

    /// <summary>One column's values in this batch, for a check's loop.</summary>
    public ColumnCells Column(int column) => new(_chars, _cells.AsSpan(column, Count == 0 ? 0 : (Count - 1) * ColumnCount + 1), ColumnCount, Count);

    private static long Cell(int start, int length) => ((long)length << 32) | (uint)start;

    /// <summary>The values of one column of a batch: <see cref="Count"/> cells, <paramref name="stride"/> apart, each a span of the batch's characters.</summary>
    public readonly ref struct ColumnCells(char[] chars, ReadOnlySpan<long> cells, int stride, int count)
    {
        private readonly ReadOnlySpan<long> _cells = cells;

        public int Count => count;

        public bool IsMissing(int row) => _cells[row * stride] < 0;

        /// <summary>The trimmed value; empty when missing.</summary>
        public ReadOnlySpan<char> this[int row]
        {
            get
            {
                var cell = _cells[row * stride];
                var length = (int)(cell >> 32);
                return length <= 0 ? [] : chars.AsSpan((int)(uint)cell, length);
            }
        }
    }

    /// <summary>The culture numbers in this row's source are written in.</summary>
    public CultureInfo Culture(int row) => _cultures[row];

    /// <summary>
    /// Each row's hash over its values, missing ones marked, for finding repeated rows in one data set: rows that
    /// differ only in quoting, spaces around values or line ends hash equal, whichever source they come from.
    /// Computed column by column after the checks have read the batch, so that what they left is reused: a
    /// category's value hash, kept by its counter (<see cref="CategoryKeys"/>; the hash its text would get), or a parsed
    /// number (<see cref="ParsedNumbers"/>) stands for its text, which makes equal values one cheap mix instead of a hash
    /// of their characters ("1.0" and "1" are then the same value, as they are to the model). Other values are hashed
    /// as text (<see cref="RowHash"/>).
    /// </summary>
    public void HashRows(Span<ulong> hashes)
    {
        hashes = hashes[..Count];
        hashes.Fill(RowHash.Start);
        for (var c = 0; c < ColumnCount; c++)
        {
            var cells = Column(c);
            var keys = _categoryKeys.Filled(c);
            var numbers = ParsedNumbers(c);
            for (var row = 0; row < hashes.Length; row++)
            {
                if (cells.IsMissing(row)) hashes[row] = RowHash.AppendMissing(hashes[row]);
                else if (keys is not null && keys[row] != 0) hashes[row] = RowHash.AppendKey(hashes[row], keys[row]);
                else if (numbers is not null && !double.IsNaN(numbers[row])) hashes[row] = RowHash.AppendNumber(hashes[row], numbers[row]);
                else hashes[row] = RowHash.Append(hashes[row], cells[row]);
            }
        }
    }

    /// <summary>
    /// A place for a category column's value hashes (<see cref="RowHash.KeyOf"/>, which its <c>CategoryCounter</c> keeps per
    /// distinct value; 0 for a value without one), filled by the check that counts them, so that <see cref="HashRows"/>
    /// need not hash their text again.
    /// </summary>
    public ulong[] CategoryKeys(int column) => _categoryKeys.Fill(column);

    /// <summary>
    /// A place for a numeric column's parsed values (NaN where missing or not a number), filled by the check
    /// that parses them so that the training data reuses them instead of parsing every number twice.
    /// </summary>
    public double[] Numbers(int column) => _numbers.Fill(column);

    /// <summary>Numbers parsed for this column in this batch, or null when no check parsed any.</summary>
    public double[]? ParsedNumbers(int column) => _numbers.Filled(column);

    /// <summary>
    /// Per column, an array of one value per row that a check fills for this fill of the batch (parsed numbers,
    /// category ids). The arrays stay from one fill to the next (a batch is refilled thousands of times); only
    /// which columns were filled is forgotten.
    /// </summary>
    private sealed class CheckOutput<T>(int columnCount, int capacity)
    {
        private readonly T[]?[] _values = new T[columnCount][];
        private readonly bool[] _filled = new bool[columnCount];

        public T[] Fill(int column)
        {
            _filled[column] = true;
            return _values[column] ??= new T[capacity];
        }

        public T[]? Filled(int column) => _filled[column] ? _values[column] : null;

        public void Forget() => Array.Clear(_filled);
    }

    public void Clear()
    {
        Count = 0;
        _used = 0;
        _numbers.Forget();
        _categoryKeys.Forget();
    }

    /// <summary>
    /// A value without the white space around it. Most values have none, so the two ends are tested first with
    /// the cheapest test that can say "not white space" (any character from '!' to U+0084 is not).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // runs for every cell of the file, on the reading thread
    public static ReadOnlySpan<char> TrimValue(ReadOnlySpan<char> value) =>
        value.Length == 0 || (MaybeSpace(value[0]) || MaybeSpace(value[^1])) ? value.Trim() : value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool MaybeSpace(char c) => c <= ' ' || (c >= '\u0085' && char.IsWhiteSpace(c));

    /// <summary>Copies the reader's current row in, value by value (a reader with a faster way overrides <see cref="IRowReader.CopyRowTo"/>).</summary>
    public void Add(IRowReader reader, long tag)
    {
        var row = BeginRow(default);
        for (var c = 0; c < ColumnCount; c++)
        {
            if (reader.TryGetValue(c, out var value)) row.Set(c, TrimValue(value));
            else row.SetMissing(c);
        }

        row.End(reader.NumberCulture, tag);
    }

    /// <summary>
    /// Starts a row. When the reader has the row's text (a CSV record), it is copied once here, and values that
    /// are slices of it are kept as places in the copy: one copy a row instead of one a value.
    /// </summary>
    public RowWriter BeginRow(ReadOnlySpan<char> record) => BeginRow(record, out _);

    /// <summary>
    /// <see cref="BeginRow(ReadOnlySpan{char})"/>, also saying whether the record, without its line end, holds a line feed
    /// (a quoted value over several lines): found while the record is copied, so that a reader that counts lines need not
    /// read the record a second time for it (see <c>CsvRowReader.ReadToCopy</c>).
    /// </summary>
    public RowWriter BeginRow(ReadOnlySpan<char> record, out bool lineFeed)
    {
        var length = record.Length;
        while (length > 0 && record[length - 1] is '\r' or '\n') length--;
        record = record[..length];
        var recordStart = _used;
        if (_used + length > _chars.Length) Grow(length);
        lineFeed = CopyFindingLineFeed(record, _chars.AsSpan(_used, length));
        _used += length;
        return new RowWriter(this, record, recordStart, Count * ColumnCount);
    }

    /// <summary>Copies <paramref name="source"/> (as long as <paramref name="destination"/>); true when it holds a '\n'. One pass, 16 characters a step.</summary>
    private static bool CopyFindingLineFeed(ReadOnlySpan<char> source, Span<char> destination)
    {
        ref var from = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(source));
        ref var to = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(destination));
        var length = (nuint)source.Length;
        if (!Vector256.IsHardwareAccelerated || length < (nuint)Vector256<ushort>.Count)
        {
            var found = false;
            for (nuint i = 0; i < length; i++)
            {
                var c = Unsafe.Add(ref from, i);
                Unsafe.Add(ref to, i) = c;
                found |= c == '\n';
            }

            return found;
        }

        var lineFeed = Vector256.Create((ushort)'\n');
        var seen = Vector256<ushort>.Zero;
        var last = length - (nuint)Vector256<ushort>.Count;
        for (nuint i = 0; i < last; i += (nuint)Vector256<ushort>.Count)
        {
            var block = Vector256.LoadUnsafe(ref from, i);
            block.StoreUnsafe(ref to, i);
            seen |= Vector256.Equals(block, lineFeed);
        }

        // The last block ends at the end (it may overlap the one before).
        var end = Vector256.LoadUnsafe(ref from, last);
        end.StoreUnsafe(ref to, last);
        seen |= Vector256.Equals(end, lineFeed);
        return seen != Vector256<ushort>.Zero;
    }

    /// <summary>Fills the row begun with <see cref="BeginRow"/>: every column gets a value or is missing, then <see cref="End"/>.</summary>
    public readonly ref struct RowWriter(RowBatch batch, ReadOnlySpan<char> record, int recordStart, int rowBase)
    {
        private readonly ReadOnlySpan<char> _record = record;

        /// <summary>The record's length without its line end (what was copied).</summary>
        public int RecordLength => _record.Length;

        /// <summary>The row's cells, looked up once a row rather than once a value (this runs for every cell of the file).</summary>
        private readonly Span<long> _row = batch._cells.AsSpan(rowBase, batch.ColumnCount);

        /// <summary>A present value, already trimmed.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // runs for every cell of the file, on the reading thread
        public void Set(int column, ReadOnlySpan<char> value)
        {
            // Where the value lies in the record, in characters: one subtraction and one unsigned comparison
            // (a negative offset or one past the end wraps to a large number).
            var offset = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(_record), ref MemoryMarshal.GetReference(value)) / sizeof(char);
            var start = (nuint)offset <= (nuint)(_record.Length - value.Length) && _record.Length >= value.Length
                ? recordStart + (int)offset
                : batch.AppendCopy(value); // not a slice of the record (a quoted value with doubled quotes, unescaped)
            _row[column] = Cell(start, value.Length);
        }

        public void SetMissing(int column) => _row[column] = Cell(batch._used, -1);

        [MethodImpl(MethodImplOptions.AggressiveInlining)] // once a row, on the reading thread
        public void End(CultureInfo culture, long tag)
        {
            var row = batch.Count;
            if (!ReferenceEquals(batch._cultures[row], culture)) batch._cultures[row] = culture; // spares a GC write barrier a row
            batch.Tags[row] = tag;
            batch.Count = row + 1;
        }
    }

    /// <summary>Appends a value that is not in the row's record; returns where it starts.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // rare: kept out of the inlined <see cref="RowWriter.Set"/>
    private int AppendCopy(ReadOnlySpan<char> value)
    {
        var start = _used;
        Append(value);
        return start;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_used + text.Length > _chars.Length) Grow(text.Length);
        text.CopyTo(_chars.AsSpan(_used));
        _used += text.Length;
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_chars.Length * 2, _used + needed);
        Array.Resize(ref _chars, size);
    }
}
