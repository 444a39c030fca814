using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.IO;

[TestClass]
public sealed class ContentFingerprintTests
{
    [TestMethod]
    public void SameContentGivesTheSameFingerprintWhateverTheFile()
    {
        using var folder = new TempFolder();
        var a = ContentFingerprint.OfFile(folder.Write("a.csv", "x,y\n1,2\n"));
        var b = ContentFingerprint.OfFile(folder.Write("b.csv", "x,y\n1,2\n"));
        Assert.AreEqual(a, b);
        Assert.MatchesRegex("^[0-9a-f]{32}$", a);
    }

    [TestMethod]
    public void OneChangedByteChangesTheFingerprint()
    {
        using var folder = new TempFolder();
        Assert.AreNotEqual(
            ContentFingerprint.OfFile(folder.Write("a.csv", "x,y\n1,2\n")),
            ContentFingerprint.OfFile(folder.Write("b.csv", "x,y\n1,3\n")));
    }

    [TestMethod]
    public void CombineDependsOnNamesValuesAndOrder()
    {
        static string Combine(params (string, string)[] parts) => ContentFingerprint.Combine(parts.Select(p => KeyValuePair.Create(p.Item1, p.Item2)));

        var reference = Combine(("spec", "1"), ("data", "2"));
        Assert.AreEqual(reference, Combine(("spec", "1"), ("data", "2")));
        Assert.AreNotEqual(reference, Combine(("data", "2"), ("spec", "1")));
        Assert.AreNotEqual(reference, Combine(("spec", "1"), ("data", "3")));
        Assert.AreNotEqual(reference, Combine(("spec", "1"), ("testData", "2")));
        Assert.AreNotEqual(Combine(("ab", "c")), Combine(("a", "bc")));
    }
}
