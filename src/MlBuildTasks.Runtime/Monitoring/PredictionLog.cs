using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;

namespace MlBuildTasks.Runtime;

/// <summary>
/// A predictor's log (<see cref="ModelPredictor{TInput,TRow,TOutput}.Log"/>): predictions queue their records in a
/// bounded channel without waiting (a full queue drops the record and counts it), and one background task writes them
/// as JSON Lines to <c>&lt;Model&gt;.predictions.&lt;yyyyMMddTHHmmssfffZ&gt;.&lt;n&gt;.jsonl</c> files in
/// <see cref="Directory"/>, starting a new file at <see cref="PredictionLogOptions.MaxFileBytes"/> and keeping
/// <see cref="PredictionLogOptions.MaxFiles"/>. Nothing here ever throws into a prediction: a write error loses the
/// records it concerns (<see cref="PredictionLogStatistics.Failed"/>) and the writer tries again with a new file.
/// </summary>
public sealed class PredictionLog : IDisposable, IAsyncDisposable
{
    /// <summary>Pending lines are written to the file once they reach this size, and whenever the queue is empty.</summary>
    private const int WriteChunkBytes = 256 * 1024;

    /// <summary>After a file cannot be opened, records are failed without trying again for this long.</summary>
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(1);

    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _model;
    private readonly PredictionLogOptions _options;
    private readonly IPredictionRecordFormat _format;
    private readonly Channel<PredictionRecord> _queue;
    private readonly Task _writer;

    // Written by the writer task only.
    private readonly ArrayBufferWriter<byte> _line = new();
    private readonly ArrayBufferWriter<byte> _pending = new();
    private readonly Utf8JsonWriter _json;
    private int _pendingRecords;
    private Stream? _file;
    private long _fileBytes;
    private DateTime _lastFileTime;
    private DateTime _retryAt;

    private long _written, _dropped, _failed;
    private Exception? _lastError;

    internal PredictionLog(string model, PredictionLogOptions validated, IPredictionRecordFormat format)
    {
        _model = model;
        _options = validated;
        _format = format;
        _json = new Utf8JsonWriter(_line, s_json);
        _queue = Channel.CreateBounded<PredictionRecord>(new BoundedChannelOptions(validated.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: a full queue refuses at once, and the record is counted as dropped
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>The folder of the log files (absolute).</summary>
    public string Directory => _options.Directory!;

    /// <summary>The share of predictions logged.</summary>
    public double SampleRate => _options.SampleRate;

    /// <summary>The inputs left out of every record.</summary>
    public IReadOnlyCollection<string> ExcludedColumns => (IReadOnlyCollection<string>)_options.ExcludedColumns;

    public PredictionLogStatistics Statistics =>
        new(Interlocked.Read(ref _written), Interlocked.Read(ref _dropped), Interlocked.Read(ref _failed), _queue.Reader.Count);

    /// <summary>The writer's latest error (a folder that cannot be created, a full disk), or null.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>The file name pattern of the model's prediction logs, for <see cref="System.IO.Directory.GetFiles(string, string)"/>.</summary>
    public static string FilePattern(string model) => model + ".predictions.*.jsonl";

    /// <summary>Queues a prediction when its id is in the sample. Never throws, never waits.</summary>
    internal void Add(Guid id, string idText, object row, object output, IReadOnlyList<InputIssue> issues)
    {
        try
        {
            if (!PredictionIds.Sampled(id, _options.SampleRate)) return;
            if (!_queue.Writer.TryWrite(new PredictionRecord(idText, DateTimeOffset.UtcNow, row, _format.Snapshot(output), issues)))
                Interlocked.Increment(ref _dropped);
        }
        catch (Exception e)
        {
            Fail(1, e);
        }
    }

    /// <summary>Waits until every record queued before the call is written (or failed).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new PredictionRecord("", default, null, null, null, flushed), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops taking records, writes the queued ones and closes the file. Later predictions' records are dropped.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var record))
                {
                    if (record.Flushed is { } flushed)
                    {
                        WritePending();
                        flushed.TrySetResult();
                    }
                    else Append(record);
                }

                WritePending();
            }
        }
        catch (Exception e)
        {
            // Not expected (every step catches its own errors): whatever is left is failed, not thrown at a Dispose.
            Fail(_pendingRecords, e);
            _pendingRecords = 0;
            while (reader.TryRead(out var record))
                if (record.Flushed is { } flushed) flushed.TrySetResult();
                else Fail(1, e);
        }
        finally
        {
            CloseFile();
            _json.Dispose();
        }
    }

    /// <summary>Serialises a record and adds its line to the pending ones, after the current file's if it still fits there.</summary>
    private void Append(in PredictionRecord record)
    {
        try
        {
            _line.ResetWrittenCount();
            _json.Reset(_line);
            _format.Write(_json, record);
            _json.Flush();
        }
        catch (Exception e)
        {
            Fail(1, e);
            return;
        }

        var length = _line.WrittenCount + 1;
        var used = _fileBytes + _pending.WrittenCount;
        if (used > 0 && used + length > _options.MaxFileBytes)
        {
            WritePending();
            CloseFile();
        }

        _pending.Write(_line.WrittenSpan);
        _pending.Write("\n"u8);
        _pendingRecords++;
        if (_pending.WrittenCount >= WriteChunkBytes) WritePending();
    }

    /// <summary>Writes the pending lines to the current file (opening one if needed) in one call and flushes it.</summary>
    private void WritePending()
    {
        if (_pendingRecords == 0) return;
        try
        {
            var file = _file ?? OpenFile();
            file.Write(_pending.WrittenSpan);
            file.Flush();
            _fileBytes += _pending.WrittenCount;
            Interlocked.Add(ref _written, _pendingRecords);
        }
        catch (Exception e)
        {
            Fail(_pendingRecords, e);
            CloseFile();
        }
        finally
        {
            _pending.ResetWrittenCount();
            _pendingRecords = 0;
        }
    }

    /// <summary>A new file, named by its UTC start time (later than the previous file's, so names sort in order) and a number that avoids another's name.</summary>
    private Stream OpenFile()
    {
        var now = DateTime.UtcNow;
        if (now < _retryAt) throw new IOException($"The prediction log could not open a file in '{Directory}' and tries again at {_retryAt:O}.", _lastError);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var time = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
            if (time <= _lastFileTime) time = _lastFileTime.AddMilliseconds(1);
            _lastFileTime = time;
            for (var n = 0; ; n++)
            {
                var path = Path.Combine(Directory, $"{_model}.predictions.{time:yyyyMMdd'T'HHmmssfff'Z'}.{n}.jsonl");
                if (File.Exists(path)) continue;
                try
                {
                    _file = _options.OpenFile?.Invoke(path)
                            ?? new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
                }
                catch (IOException) when (File.Exists(path) && n < 1000)
                {
                    continue; // another process took the name
                }

                _fileBytes = 0;
                DeleteOldFiles(path);
                return _file;
            }
        }
        catch (Exception)
        {
            _retryAt = now + s_retryDelay;
            throw;
        }
    }

    /// <summary>Keeps the newest <see cref="PredictionLogOptions.MaxFiles"/> files of the model, the current one included.</summary>
    private void DeleteOldFiles(string current)
    {
        try
        {
            var prefix = _model + ".predictions.";
            var files = System.IO.Directory.GetFiles(Directory, FilePattern(_model))
                .Where(f => Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal) && f != current)
                .Order(StringComparer.Ordinal)
                .ToList();
            foreach (var old in files.Take(files.Count + 1 - _options.MaxFiles))
            {
                try
                {
                    File.Delete(old);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Volatile.Write(ref _lastError, e);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Volatile.Write(ref _lastError, e);
        }
    }

    private void CloseFile()
    {
        try
        {
            _file?.Dispose();
        }
        catch (Exception e)
        {
            Volatile.Write(ref _lastError, e);
        }

        _file = null;
        _fileBytes = 0;
    }

    private void Fail(long records, Exception error)
    {
        Interlocked.Add(ref _failed, records);
        Volatile.Write(ref _lastError, error);
    }
}
