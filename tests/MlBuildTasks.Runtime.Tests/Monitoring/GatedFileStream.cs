namespace MlBuildTasks.Runtime.Tests.Monitoring;

/// <summary>A log file whose writes wait for <paramref name="gate"/>: a writer as slow as a test wants.</summary>
internal sealed class GatedFileStream(string path, ManualResetEventSlim gate)
    : FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0)
{
    // A FileStream subclass's Write(ReadOnlySpan) goes through Stream's, which calls this one.
    public override void Write(byte[] buffer, int offset, int count)
    {
        gate.Wait();
        base.Write(buffer, offset, count);
    }
}
