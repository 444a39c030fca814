using System.Runtime.ExceptionServices;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Data.Sources;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// Reads and checks a large CSV file as two halves at once, one per core, then merges the second half's checks and
/// summaries into the first's (<see cref="ScanPart.MergeFrom"/>). Each core parses and checks its own rows, so no batch
/// crosses from one core's cache to the other's, which cost the reader-and-checker pipeline (<see cref="BatchPipeline"/>)
/// about a sixth of its CPU time (bench/validation.sh; docs/performance.md).
/// <para>
/// Where the second half starts is a guess (<see cref="CsvSplitPoint"/>: the line after the middle of the file), made on
/// the second core while the first starts reading. A quoted value can hold line breaks, so the guess may fall inside a
/// record; only the first half's reader, which has read everything before, can tell. It stops where the second half
/// starts and checks that it stopped there exactly (<see cref="CsvRowReader.NextLine"/>). If not, the second half's work
/// is thrown away and the first half's reader goes on to the end of the file: slower, never wrong. Errors come out in
/// file order: the first half's first, then the second half's (only once the start of the second half is confirmed).
/// </para>
/// </summary>
internal static class ParallelCsvScan
{
    /// <summary>A single CSV source of at least <see cref="ValidationOptions.ParallelScanMinBytes"/>, on a machine with two cores or more.</summary>
    public static bool Applies(IRowReader reader, IReadOnlyList<SourceSpec> files, ValidationOptions options) =>
        reader is CsvRowReader && files.Count == 1 && Environment.ProcessorCount > 1
        && LengthOf(reader.Name) >= options.ParallelScanMinBytes;

    /// <summary>The file's length in bytes; through a symbolic link, the target's (FileInfo gives the link's own).</summary>
    private static long LengthOf(string path)
    {
        using var file = File.OpenHandle(path);
        return RandomAccess.GetLength(file);
    }

    /// <summary>
    /// Reads <paramref name="reader"/> (its header read) to the end into <paramref name="first"/>; <paramref name="newPart"/>
    /// makes the second half's part with a cell locator of its own (rows are tagged by file and line, the same in both).
    /// True when the file was read in two parts; false when the first part's reader read it all.
    /// </summary>
    public static bool Run(CsvRowReader reader, ScanPart first, Func<CellLocator, ScanPart> newPart, CellLocator locator)
    {
        var middle = LengthOf(reader.Name) / 2;
        var second = new SecondHalf(reader, middle, newPart);
        second.Start();
        try
        {
            // The second core finds where it starts early on (~0.1 s for 1 GB); this reader waits for it only if it gets
            // near the middle first, so whether the file is read in two parts depends on the file alone, never on timing.
            reader.StopAtLineOnceAt(middle, () => second.WaitForStart()?.Line ?? int.MaxValue);
            var batch = new RowBatch(reader.Columns.Count);
            ReadOn(reader, first, locator, batch, () => false); // to where the second half starts, or to the end
            if (second.WaitForStart() is not { } start) return false; // no split point: that was the end

            if (reader.NextLine == start.Line && first.Rows > 0)
            {
                second.Join();
                first.MergeFrom(second.Part!);
                return true;
            }

            // The second half's start fell inside a record (a quoted value over several lines): read on alone.
            second.Cancel();
            reader.StopAtLine = int.MaxValue;
            ReadOn(reader, first, locator, batch, () => false);
            return false;
        }
        finally
        {
            second.Cancel();
        }
    }

    /// <summary>Reads and checks rows a batch at a time until the reader stops (its end, or its stop line) or <paramref name="cancelled"/>.</summary>
    private static void ReadOn(CsvRowReader reader, ScanPart part, CellLocator locator, RowBatch batch, Func<bool> cancelled)
    {
        var classes = new string?[batch.Capacity];
        var more = true;
        while (more && !cancelled())
        {
            more = BatchPipeline.Fill(reader, batch, locator);
            if (batch.Count > 0) part.Observe(batch, classes);
        }
    }

    /// <summary>The second half: found, read and checked on a thread of its own.</summary>
    private sealed class SecondHalf(CsvRowReader first, long middle, Func<CellLocator, ScanPart> newPart)
    {
        private readonly ManualResetEventSlim _found = new();
        private readonly ManualResetEventSlim _done = new();
        private volatile bool _cancelled;
        private CsvSplitPoint? _start;
        private ExceptionDispatchInfo? _error;

        public ScanPart? Part { get; private set; }

        public void Start() => new Thread(Scan) { IsBackground = true, Name = "mlbuild second half" }.Start();

        /// <summary>Where the second half starts, once found; null when the file cannot be split there.</summary>
        public CsvSplitPoint? WaitForStart()
        {
            _found.Wait();
            return _start;
        }

        /// <summary>Waits for the second half to be read, then throws its error, if it had one.</summary>
        public void Join()
        {
            _done.Wait();
            _error?.Throw();
        }

        /// <summary>Stops the second half (its work is not wanted) and waits for its thread to let go of the file.</summary>
        public void Cancel()
        {
            _cancelled = true;
            _done.Wait();
        }

        private void Scan()
        {
            try
            {
                _start = CsvSplitPoint.Find(first.Name, middle);
                _found.Set();
                if (_start is not { } start || _cancelled) return;
                using var reader = first.OpenRangeAt(start.Byte, start.Line);
                var locator = new CellLocator();
                var part = newPart(locator);
                ReadOn(reader, part, locator, new RowBatch(reader.Columns.Count), () => _cancelled);
                Part = part;
            }
            catch (Exception ex)
            {
                _error = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                _found.Set();
                _done.Set();
            }
        }
    }
}
