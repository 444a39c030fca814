using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// Where a later part of a CSV file may start: the byte after the first line feed at or past a target byte, and
/// the line that byte starts (1 + the line feeds before it). A guess: it is a record's start unless a quoted value spans
/// that line break, which only a reader of everything before can tell (<c>ParallelCsvScan</c> checks it).
/// </summary>
internal readonly record struct CsvSplitPoint(long Byte, int Line)
{
    private const int BufferBytes = 1 << 20;

    /// <summary>
    /// The split point at or after <paramref name="target"/>, or null when there is none to trust: no line feed after it,
    /// nothing after that line feed, or a carriage return before it that no line feed follows. Such a lone CR ends a
    /// record for the CSV reader but not a line for this count, so line numbers would no longer say where records start.
    /// Reads the file's bytes up to the split point once (from the page cache, about 0.1 s for 500 MB).
    /// </summary>
    public static CsvSplitPoint? Find(string path, long target) => FindAfter(path, null, target);

    /// <summary>
    /// <see cref="Find"/> for the next split point after <paramref name="previous"/> (a split point of the same file, or
    /// null for the file's start): only the bytes between the two are read, so a file's split points, found in order,
    /// cost one read of the file up to the last. The split point is after <paramref name="previous"/> even when
    /// <paramref name="target"/> is not (a line longer than the distance between two targets).
    /// </summary>
    public static CsvSplitPoint? FindAfter(string path, CsvSplitPoint? previous, long target)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(file);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            var (from, line) = previous is { } earlier ? (earlier.Byte, earlier.Line) : (0L, 1);
            if (FirstLineFeedFrom(file, Math.Max(target, from), length, buffer) is not { } lineFeed || lineFeed + 1 >= length) return null;
            var start = lineFeed + 1;
            if (StartsWithByteOrderMark(file, start, buffer)) return null; // a reader starting there would drop it
            // From the file's start or just after a line feed: no CR LF pair is cut at `from`.
            long lineFeeds = 0, carriageReturns = 0, pairs = 0;
            var before = (byte)0;
            for (var at = from; at < start;)
            {
                var read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(BufferBytes, start - at)), at);
                if (read <= 0) return null;
                var bytes = buffer.AsSpan(0, read);
                lineFeeds += bytes.Count((byte)'\n');
                var returns = bytes.Count((byte)'\r');
                if (returns > 0)
                {
                    carriageReturns += returns;
                    pairs += bytes.Count("\r\n"u8);
                }

                if (before == '\r' && bytes[0] == '\n') pairs++;
                before = bytes[^1];
                at += read;
            }

            if (carriageReturns != pairs || line + lineFeeds >= int.MaxValue) return null;
            return new CsvSplitPoint(start, (int)(line + lineFeeds));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long? FirstLineFeedFrom(SafeFileHandle file, long from, long length, byte[] buffer)
    {
        for (var at = Math.Max(from, 0); at < length;)
        {
            var read = RandomAccess.Read(file, buffer.AsSpan(0, BufferBytes), at);
            if (read <= 0) return null;
            var found = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (found >= 0) return at + found;
            at += read;
        }

        return null;
    }

    private static bool StartsWithByteOrderMark(SafeFileHandle file, long at, byte[] buffer) =>
        RandomAccess.Read(file, buffer.AsSpan(0, 3), at) == 3 && buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8);
}
