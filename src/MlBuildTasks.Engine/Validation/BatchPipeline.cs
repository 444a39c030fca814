using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Data.Sources;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// Reads rows into <see cref="RowBatch"/>es on a thread of its own, a few batches ahead of the checks, so
/// that parsing the file and checking its values use two cores. Batches come out in file order and are
/// reused (memory is a fixed number of batches, whatever the file's size). A reader error (a malformed
/// row, say) is thrown to the caller after the batches read before it, as reading row by row would.
/// </summary>
internal sealed class BatchPipeline : IDisposable
{
    /// <summary>Batches read ahead: enough to ride out a slow batch on either side.</summary>
    private const int Depth = 3;

    private readonly IRowReader _reader;
    private readonly CellLocator _locator;
    private readonly BlockingCollection<RowBatch> _full = new(Depth);
    private readonly BlockingCollection<RowBatch> _free = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _error;

    public BatchPipeline(IRowReader reader, CellLocator locator, int batchRows = RowBatch.DefaultCapacity)
    {
        _reader = reader;
        _locator = locator;
        for (var i = 0; i < Depth + 2; i++) _free.Add(new RowBatch(reader.Columns.Count, batchRows));
        _thread = new Thread(Produce) { IsBackground = true, Name = "mlbuild data reader" };
        _thread.Start();
    }

    /// <summary>The batches in order; each must be given back with <see cref="Return"/> once checked.</summary>
    public IEnumerable<RowBatch> Batches()
    {
        foreach (var batch in _full.GetConsumingEnumerable()) yield return batch;
        _error?.Throw();
    }

    public void Return(RowBatch batch) => _free.Add(batch);

    private void Produce()
    {
        try
        {
            var more = true;
            while (more)
            {
                var batch = _free.Take(_stop.Token);
                batch.Clear();
                while (!batch.IsFull && (more = _reader.Read())) batch.Add(_reader, _locator.TagOf(_reader));
                if (batch.Count > 0) _full.Add(batch, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _error = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            _full.CompleteAdding();
        }
    }

    /// <summary>Stops the reading thread (when the caller gives up early) and waits for it, so the reader can be closed.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        _full.Dispose();
        _free.Dispose();
    }
}
