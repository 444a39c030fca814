using System.Text;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Data;

/// <summary>
/// <see cref="CsvSplitPoint"/>: the start of the line after a target byte and that line's number, or no split point where
/// line numbers would not say where records start.
/// </summary>
[TestClass]
public sealed class CsvSplitPointTests
{
    private static CsvSplitPoint? Find(string text, long target)
    {
        using var folder = new TempFolder();
        var path = folder.Combine("data.csv");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
        return CsvSplitPoint.Find(path, target);
    }

    private static CsvSplitPoint?[] FindInOrder(string text, params long[] targets)
    {
        using var folder = new TempFolder();
        var path = folder.Combine("data.csv");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
        var points = new CsvSplitPoint?[targets.Length];
        for (var i = 0; i < targets.Length; i++) points[i] = CsvSplitPoint.FindAfter(path, i == 0 ? null : points[i - 1], targets[i]);
        return points;
    }

    [TestMethod]
    public void SplitPointsFoundOneAfterAnotherAreThoseFoundFromTheStart()
    {
        var text = string.Concat(Enumerable.Range(0, 200).Select(i => i % 3 == 0 ? $"row {i}\r\n" : $"row number {i}\n"));
        long[] targets = [100, 400, 401, 1_000, 1_900];
        var inOrder = FindInOrder(text, targets);
        for (var i = 0; i < targets.Length; i++) Assert.AreEqual(Find(text, Math.Max(targets[i], i == 0 ? 0 : inOrder[i - 1]!.Value.Byte)), inOrder[i], $"target {targets[i]}");
    }

    [TestMethod]
    public void ATargetBeforeTheLastSplitPointGivesTheLineAfterIt() =>
        CollectionAssert.AreEqual(new CsvSplitPoint?[] { new CsvSplitPoint(8, 4), new CsvSplitPoint(11, 5) }, FindInOrder("h\nab\ncd\nef\ngh\n", 5, 2));

    [TestMethod]
    public void ALoneCarriageReturnAfterTheLastSplitPointIsNoSplit()
    {
        var points = FindInOrder("h\nab\ncd\ne\rf\ngh\nij\n", 3, 9);
        Assert.AreEqual(new CsvSplitPoint(5, 3), points[0]);
        Assert.IsNull(points[1]);
    }

    [TestMethod]
    public void TheSplitIsTheStartOfTheLineAfterTheTarget() =>
        Assert.AreEqual(new CsvSplitPoint(5, 3), Find("h\nab\ncd\nef\n", 4));

    [TestMethod]
    public void ATargetAtALineStartStillMovesToTheNextLine() =>
        Assert.AreEqual(new CsvSplitPoint(8, 4), Find("h\nab\ncd\nef\n", 5));

    [TestMethod]
    public void CarriageReturnLineFeedsCountAsOneLineEnd() =>
        Assert.AreEqual(new CsvSplitPoint(7, 3), Find("h\r\nab\r\ncd\r\nef\r\n", 4));

    [TestMethod]
    public void NothingAfterTheLastLineFeedIsNoSplit() => Assert.IsNull(Find("h\nab\n", 3));

    [TestMethod]
    public void NoLineFeedAfterTheTargetIsNoSplit() => Assert.IsNull(Find("h\nabcdef", 3));

    [TestMethod]
    public void ALoneCarriageReturnBeforeTheSplitIsNoSplit() => Assert.IsNull(Find("h\rab\ncd\nef\n", 4));

    [TestMethod]
    public void AByteOrderMarkStartingTheLineIsNoSplit() => Assert.IsNull(Find("h\nab\n\uFEFFcd\nef\n", 3));

    [TestMethod]
    public void ACarriageReturnLineFeedAcrossTheReadBufferIsOneLineEnd()
    {
        // "x" and then 16-byte lines: line k's CR is at byte 16k + 15, so line 65,535's CR is the last byte of the first
        // megabyte read and its LF the first of the next.
        var text = new StringBuilder("x");
        for (var k = 0; k < 100_000; k++) text.Append("abcdefghijklmn\r\n");

        var split = Find(text.ToString(), 1_500_000);

        Assert.IsNotNull(split);
        var before = text.ToString(0, (int)split.Value.Byte);
        Assert.EndsWith("\r\n", before);
        Assert.AreEqual(before.Count(c => c == '\n') + 1, split.Value.Line);
    }
}
