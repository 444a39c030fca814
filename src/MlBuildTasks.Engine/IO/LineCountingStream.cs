namespace MlBuildTasks.Engine.IO;

/// <summary>
/// A read-only stream that remembers the last chunk it handed out and how many lines came before it, so
/// that a decoding error inside that chunk (invalid UTF-8) can be reported at its line.
/// </summary>
public sealed class LineCountingStream(Stream inner) : Stream
{
    private byte[] _lastChunk = [];
    private int _linesBeforeLastChunk;

    /// <summary>The 1-based line of byte <paramref name="indexInLastChunk"/> of the last chunk read.</summary>
    public int LineAt(int indexInLastChunk)
    {
        var line = _linesBeforeLastChunk + 1;
        for (var i = 0; i < Math.Min(indexInLastChunk, _lastChunk.Length); i++)
            if (_lastChunk[i] == (byte)'\n') line++;
        return line;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        foreach (var b in _lastChunk) if (b == (byte)'\n') _linesBeforeLastChunk++;
        var read = inner.Read(buffer, offset, count);
        _lastChunk = buffer.AsSpan(offset, read).ToArray();
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
