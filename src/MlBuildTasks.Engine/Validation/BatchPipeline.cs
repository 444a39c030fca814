using System.Runtime.ExceptionServices;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Data.Sources;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// Reads rows into <see cref="RowBatch"/>es on a thread of its own, a few batches ahead of the checks, so
/// that parsing the file and checking its values use two cores. Batches come out in file order and are
/// reused (memory is a fixed number of batches, whatever the file's size). A reader error (a malformed
/// row, say) is thrown to the caller after the batches read before it, as reading row by row would.
/// Hand-over is a plain lock and wait: a side that has nothing to do sleeps instead of spinning, which on
/// two cores would take time from the other side.
/// </summary>
internal sealed class BatchPipeline : IDisposable
{
    /// <summary>
    /// Batches in use at once, reused oldest first: a batch the checks have just read is refilled last, when its
    /// memory has left the checking core's cache. Refilling it at once (few batches, or newest first) made the
    /// reading thread wait on the other core's cache and run about 30% slower (bench/validation.sh).
    /// </summary>
    private const int Batches = 16;

    private readonly IRowReader _reader;
    private readonly CellLocator _locator;
    private readonly object _gate = new();
    private readonly Queue<RowBatch> _full = new();
    private readonly Queue<RowBatch> _free = new();
    private readonly Thread _thread;
    private bool _done;
    private bool _stopped;
    private ExceptionDispatchInfo? _error;

    public BatchPipeline(IRowReader reader, CellLocator locator, int batchRows = RowBatch.DefaultCapacity)
    {
        _reader = reader;
        _locator = locator;
        for (var i = 0; i < Batches; i++) _free.Enqueue(new RowBatch(reader.Columns.Count, batchRows));
        _thread = new Thread(Produce) { IsBackground = true, Name = "mlbuild data reader" };
        _thread.Start();
    }

    /// <summary>The next batch in file order, or null at the end; give it back with <see cref="Return"/> once checked.</summary>
    public RowBatch? Take()
    {
        lock (_gate)
        {
            while (_full.Count == 0 && !_done) Monitor.Wait(_gate);
            if (_full.Count > 0) return _full.Dequeue();
        }

        _error?.Throw();
        return null;
    }

    public void Return(RowBatch batch)
    {
        lock (_gate)
        {
            _free.Enqueue(batch);
            Monitor.PulseAll(_gate);
        }
    }

    private void Produce()
    {
        try
        {
            var more = true;
            while (more)
            {
                RowBatch batch;
                lock (_gate)
                {
                    while (_free.Count == 0 && !_stopped) Monitor.Wait(_gate);
                    if (_stopped) return;
                    batch = _free.Dequeue();
                }

                more = Fill(batch);
                lock (_gate)
                {
                    if (batch.Count > 0) _full.Enqueue(batch);
                    else _free.Enqueue(batch);
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (Exception ex)
        {
            _error = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            lock (_gate)
            {
                _done = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>
    /// Reads rows into <paramref name="batch"/> until it is full; false at the end of the data. A method of its own
    /// (not a loop inside <see cref="Produce"/>), so the runtime compiles the hot loop fully optimized rather than
    /// as an on-stack replacement of a method that never returns.
    /// </summary>
    private bool Fill(RowBatch batch) => Fill(_reader, batch, _locator);

    /// <summary>Reads rows from <paramref name="reader"/> into <paramref name="batch"/> until it is full; false at the end of the data.</summary>
    internal static bool Fill(IRowReader reader, RowBatch batch, CellLocator locator)
    {
        batch.Clear();
        if (reader is CsvRowReader csv) return FillFrom(csv, batch, locator);
        while (!batch.IsFull)
        {
            if (!reader.Read()) return false;
            reader.CopyRowTo(batch, locator.TagOf(reader));
        }

        return true;
    }

    /// <summary>
    /// <see cref="Fill(IRowReader, RowBatch, CellLocator)"/> for a CSV file, the common large source: the same loop with the
    /// reader's own type, so that its calls are direct (and inlined) instead of two interface calls a row.
    /// </summary>
    private static bool FillFrom(CsvRowReader csv, RowBatch batch, CellLocator locator)
    {
        while (!batch.IsFull)
        {
            if (!csv.ReadToCopy()) return false;
            csv.CopyRowTo(batch, locator.TagOf(csv));
        }

        return true;
    }

    /// <summary>Stops the reading thread (when the caller gives up early) and waits for it, so the reader can be closed.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join();
    }
}
