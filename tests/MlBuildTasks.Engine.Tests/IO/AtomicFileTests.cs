using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.IO;

[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void WriteReplacesTheContentAndLeavesNoTempFile()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("model.json");

        AtomicFile.WriteAllText(path, "first, and longer");
        AtomicFile.WriteAllText(path, "second");

        Assert.AreEqual("second", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(folder.Path));
    }

    [TestMethod]
    public void TextIsWrittenAsUtf8WithoutBom()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("a.txt");
        AtomicFile.WriteAllText(path, "é");
        CollectionAssert.AreEqual(new byte[] { 0xC3, 0xA9 }, File.ReadAllBytes(path));
    }

    [TestMethod]
    public void MissingFoldersAreCreated()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("obj/ml/model.zip");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
    }

    [TestMethod]
    public void FailedWriteKeepsTheOldContentAndLeavesNoTempFile()
    {
        using var folder = new TempFolder();
        var path = folder.Write("metrics.json", "good");

        Assert.ThrowsExactly<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half"u8);
            throw new InvalidOperationException("cancelled");
        }));

        Assert.AreEqual("good", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(folder.Path));
    }
}
