using System.Numerics;
using System.Runtime.ExceptionServices;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Data.Sources;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// Reads and checks a large CSV file as consecutive parts at once, a thread per part up to the cores, then merges each
/// part's checks and summaries into the first's in file order (<see cref="ScanPart.MergeFrom"/>). Each thread parses
/// and checks its own rows, so no batch crosses from one core's cache to another's, which cost the reader-and-checker
/// pipeline (<see cref="BatchPipeline"/>) about a sixth of its CPU time (bench/validation.sh; docs/performance.md).
/// How many parts depends on the file's size alone (2 below 2 GB, 4 below 4 GB, else 8), never on the machine:
/// a part's summaries sample its own values, so the same file gives the same profile and verdicts on any machine.
/// Threads take the parts in file order as they come free (on one core, one thread reads them all in turn).
/// <para>
/// Where a part starts is a guess (<see cref="CsvSplitPoint"/>: the line after an even share of the file's bytes),
/// found by the thread that takes the part. A quoted value can hold line breaks, so the guess may fall inside a record;
/// only the reader of the part before, which has read everything up to it, can tell. It stops where the next part
/// starts and must have stopped there exactly (<see cref="CsvRowReader.NextLine"/>). If not, the later parts' work is
/// thrown away and that reader goes on to the end of the file: slower, never wrong. Errors come out in file order: a
/// part's error is reported only once every part before it has been read without one and its start is confirmed.
/// </para>
/// </summary>
internal sealed class ParallelCsvScan
{
    /// <summary>
    /// Bytes per part beyond the first two. Parts are large because each starts its summaries afresh (exact distinct
    /// sets, category tables, reservoirs) and is merged: on the 1 GB bench file with 2 threads, 4 parts took 3 to 9%
    /// longer than 2 and 16 parts 10 to 20% longer with twice the peak memory (docs/performance.md).
    /// </summary>
    private const long PartBytes = 512L << 20;

    /// <summary>More parts add summaries to memory faster than they shorten the read.</summary>
    private const int MaxParts = 8;

    /// <summary>A single CSV source of at least <see cref="ValidationOptions.ParallelScanMinBytes"/> (on any machine: see above).</summary>
    public static bool Applies(IRowReader reader, IReadOnlyList<SourceSpec> files, ValidationOptions options) =>
        reader is CsvRowReader && files.Count == 1 && LengthOf(reader.Name) >= options.ParallelScanMinBytes;

    /// <summary>
    /// Reads <paramref name="reader"/> (its header read) to the end into <paramref name="first"/>; <paramref name="newPart"/>
    /// makes part k's (k ≥ 1) state with a cell locator of its own (rows are tagged by file and line, the same in all).
    /// Returns how many parts were read at once and merged: 1 when the first part's reader read the whole file.
    /// </summary>
    public static int Run(CsvRowReader reader, ScanPart first, Func<int, CellLocator, ScanPart> newPart, CellLocator locator, ValidationOptions options)
    {
        var length = LengthOf(reader.Name);
        var parts = Math.Max(1, options.ParallelScanParts ?? PartsFor(length));
        var threads = Math.Clamp(options.ParallelScanThreads ?? Environment.ProcessorCount, 1, parts);
        return new ParallelCsvScan(reader, first, newPart, locator, length, parts).Run(threads);
    }

    /// <summary>
    /// One part per <see cref="PartBytes"/>, at least 2 and at most <see cref="MaxParts"/>, rounded down to a power of two
    /// so that 2, 4 or 8 cores share the parts evenly (3 parts on 2 cores would leave one idle for a third of the read).
    /// </summary>
    internal static int PartsFor(long length) => 1 << BitOperations.Log2((uint)Math.Clamp(length / PartBytes, 2, MaxParts));

    /// <summary>The file's length in bytes; through a symbolic link, the target's (FileInfo gives the link's own).</summary>
    private static long LengthOf(string path)
    {
        using var file = File.OpenHandle(path);
        return RandomAccess.GetLength(file);
    }

    private readonly CsvRowReader _reader;
    private readonly ScanPart _first;
    private readonly Func<int, CellLocator, ScanPart> _newPart;
    private readonly CellLocator _locator;
    private readonly long _length;
    private readonly int _count;

    // Split points, found in order under _findLock: _starts[k] is where part k starts (k ≥ 1), known for k < _found;
    // past a null there are no more parts.
    private readonly Lock _findLock = new();
    private readonly CsvSplitPoint?[] _starts;
    private int _found = 1;

    // Parts read, merged in file order under _mergeLock: parts 1.._merged are in _first.
    private readonly Lock _mergeLock = new();
    private readonly Part?[] _done;
    private int _merged = -1;
    private Part? _readOnFrom;
    private ExceptionDispatchInfo? _error;
    private volatile ExceptionDispatchInfo? _failure; // a helper thread's, outside any part's read

    private int _claimed; // the highest part taken by a thread
    private volatile bool _stopped;

    private ParallelCsvScan(CsvRowReader reader, ScanPart first, Func<int, CellLocator, ScanPart> newPart, CellLocator locator, long length, int count)
    {
        (_reader, _first, _newPart, _locator, _length, _count) = (reader, first, newPart, locator, length, count);
        _starts = new CsvSplitPoint?[count];
        _done = new Part?[count];
    }

    private int Run(int threads)
    {
        var helpers = new List<Thread>();
        try
        {
            try
            {
                for (var i = 1; i < threads; i++)
                {
                    var helper = new Thread(HelpWithParts) { IsBackground = true, Name = $"mlbuild part reader {i}" };
                    helper.Start();
                    helpers.Add(helper);
                }

                Read(0, start: null, new RowBatch(_reader.Columns.Count));
                TakeParts();
            }
            catch
            {
                Stop();
                throw;
            }
            finally
            {
                foreach (var helper in helpers) helper.Join(); // they stop at the end of their part, or at once when stopped
            }

            _failure?.Throw();
            _error?.Throw();
            if (_readOnFrom is { } last)
            {
                // The part after `last` started inside a record (a quoted value over several lines): last's reader reads on alone.
                last.Reader!.StopAtLine = int.MaxValue;
                ReadOn(last.Reader, _first, _locator, new RowBatch(_reader.Columns.Count), () => false);
            }

            return _merged + 1;
        }
        finally
        {
            foreach (var part in _done) part?.Close();
        }
    }

    /// <summary>A helper thread's <see cref="TakeParts"/>: a failure outside a part's read stops the scan and is thrown by the caller's thread.</summary>
    private void HelpWithParts()
    {
        try
        {
            TakeParts();
        }
        catch (Exception ex)
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
            Stop();
        }
    }

    /// <summary>Takes the next part not taken yet, until there are none or the scan stopped.</summary>
    private void TakeParts()
    {
        RowBatch? batch = null;
        while (!_stopped)
        {
            var index = Interlocked.Increment(ref _claimed);
            if (index >= _count || StartOf(index) is not { } start) return;
            Read(index, start, batch ??= new RowBatch(_reader.Columns.Count));
        }
    }

    /// <summary>Reads and checks part <paramref name="index"/> to where the next part starts, then hands it to <see cref="Finish"/>.</summary>
    private void Read(int index, CsvSplitPoint? start, RowBatch batch)
    {
        var part = new Part(index, start);
        try
        {
            part.Reader = start is { } at ? _reader.OpenRangeAt(at.Byte, at.Line) : _reader;
            var locator = index == 0 ? _locator : new CellLocator();
            part.State = index == 0 ? _first : _newPart(index, locator);
            // The next part's start is asked for once this reader has passed its target: before it can reach that start.
            if (index + 1 < _count) part.Reader.StopAtLineOnceAt(TargetOf(index + 1), () => StartOf(index + 1)?.Line ?? int.MaxValue);
            ReadOn(part.Reader, part.State, locator, batch, () => _stopped);
            (part.EndLine, part.Rows) = (part.Reader.NextLine, part.State.Rows);
        }
        catch (Exception ex)
        {
            part.Error = ExceptionDispatchInfo.Capture(ex);
        }

        Finish(part);
    }

    /// <summary>
    /// Records a part as read and merges every part that can now be judged, in file order: a part whose start the part
    /// before confirmed is merged, or its error kept; one that started inside a record stops the scan.
    /// </summary>
    private void Finish(Part part)
    {
        lock (_mergeLock)
        {
            _done[part.Index] = part;
            while (!_stopped && _merged + 1 < _count && _done[_merged + 1] is { } next)
            {
                // The first part must have rows too: the cell locator that finds every part's cells learns the file from its first row.
                if (next.Index > 0 && _done[_merged] is { } previous && (previous.EndLine != next.Start!.Value.Line || previous is { Index: 0, Rows: 0 }))
                {
                    _readOnFrom = previous;
                    Stop();
                    return;
                }

                if (next.Error is not null)
                {
                    _error = next.Error;
                    Stop();
                    return;
                }

                if (next.Index > 0)
                {
                    _first.MergeFrom(next.State!);
                    next.State = null; // merged: its summaries can go
                    _done[_merged]!.Close(); // its end was needed to confirm this part's start, not any more
                }

                _merged = next.Index;
            }
        }
    }

    /// <summary>The other threads stop at their next batch, and no thread takes a new part.</summary>
    private void Stop() => _stopped = true;

    /// <summary>Where part <paramref name="index"/> is aimed to start: an even share of the file's bytes.</summary>
    private long TargetOf(int index) => _length / _count * index;

    /// <summary>
    /// Where part <paramref name="index"/> (≥ 1) starts, found with the ones before it if they are not yet; null when
    /// there is no such part (no line start to trust after part index-1's, or the file could not be read for it).
    /// </summary>
    private CsvSplitPoint? StartOf(int index)
    {
        lock (_findLock)
        {
            for (; _found <= index; _found++)
            {
                var previous = _found == 1 ? (CsvSplitPoint?)null : _starts[_found - 1];
                if (_found > 1 && previous is null) break; // no part before: none after either
                try
                {
                    _starts[_found] = CsvSplitPoint.FindAfter(_reader.Name, previous, TargetOf(_found));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    _starts[_found] = null; // read on instead: the part before's reader will report what is wrong
                }
            }

            return _starts[index];
        }
    }

    /// <summary>Reads and checks rows a batch at a time until the reader stops (its end, or its stop line) or <paramref name="stopped"/>.</summary>
    private static void ReadOn(CsvRowReader reader, ScanPart part, CellLocator locator, RowBatch batch, Func<bool> stopped)
    {
        var classes = new string?[batch.Capacity];
        var more = true;
        while (more && !stopped())
        {
            more = BatchPipeline.Fill(reader, batch, locator);
            if (batch.Count > 0) part.Observe(batch, classes);
        }
    }

    /// <summary>One part of the file: where it starts, its reader and state, and how its read ended.</summary>
    private sealed class Part(int index, CsvSplitPoint? start)
    {
        public int Index { get; } = index;

        /// <summary>Where the part starts; null for the first, which starts after the header.</summary>
        public CsvSplitPoint? Start { get; } = start;

        public CsvRowReader? Reader { get; set; }

        /// <summary>The part's checks and summaries until merged into the first part's.</summary>
        public ScanPart? State { get; set; }

        /// <summary>The line the reader stopped before: the next part must start there.</summary>
        public int EndLine { get; set; } = -1;

        /// <summary>The rows read in this part.</summary>
        public long Rows { get; set; }

        public ExceptionDispatchInfo? Error { get; set; }

        /// <summary>Lets go of the file; the first part's reader is the caller's.</summary>
        public void Close()
        {
            if (Index == 0) return;
            Reader?.Dispose();
            Reader = null;
        }
    }
}
