using System.Text.Json;
using MlBuildTasks.Runtime.Tests.Support;

namespace MlBuildTasks.Runtime.Tests.Monitoring;

[TestClass]
public sealed class FeedbackLogTests
{
    private const string Id = "019c3f2a7b4e7c1d9a2b3c4d5e6f7081";
    private static readonly DateTimeOffset s_time = new(2026, 11, 28, 9, 30, 15, 250, TimeSpan.FromHours(1));

    private string _directory = "";

    [TestInitialize]
    public void NewDirectory() => _directory = Checksums.NewDirectory();

    [TestCleanup]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private static string[] Lines(FeedbackLog log) => File.ReadAllText(log.Path).Split('\n')[..^1];

    [TestMethod]
    public void EachLabelIsOneJsonLineKeyedByThePredictionId()
    {
        var log = new FeedbackLog(Path.Combine(_directory, "feedback"), "ChurnModel", new SignatureLabel("Churned", "boolean", ["false", "true"], "true"));

        log.Add(Id, true, s_time);
        log.Add(Id.ToUpperInvariant(), false, s_time);

        Assert.AreEqual(Path.Combine(_directory, "feedback", "ChurnModel.feedback.jsonl"), log.Path);
        CollectionAssert.AreEqual(new[]
        {
            """{"id":"019c3f2a7b4e7c1d9a2b3c4d5e6f7081","label":true,"time":"2026-11-28T08:30:15.250Z"}""",
            """{"id":"019c3f2a7b4e7c1d9a2b3c4d5e6f7081","label":false,"time":"2026-11-28T08:30:15.250Z"}""",
        }, Lines(log));
    }

    [TestMethod]
    public void NumbersAndTextAreWrittenAsJsonNumbersAndStrings()
    {
        var price = new FeedbackLog(_directory, "PriceModel", new SignatureLabel("Price", "number"));
        var species = new FeedbackLog(_directory, "SpeciesModel", new SignatureLabel("Species", "category", ["Adelie", "Gentoo"]));

        price.Add(Id, 12.5, s_time);
        species.Add(Id, "Gentoo \"papua\"", s_time);

        Assert.AreEqual("""{"id":"019c3f2a7b4e7c1d9a2b3c4d5e6f7081","label":12.5,"time":"2026-11-28T08:30:15.250Z"}""", Assert.ContainsSingle(Lines(price)));
        Assert.AreEqual("""{"id":"019c3f2a7b4e7c1d9a2b3c4d5e6f7081","label":"Gentoo \"papua\"","time":"2026-11-28T08:30:15.250Z"}""", Assert.ContainsSingle(Lines(species)));
    }

    [TestMethod]
    public void ALabelOfAnotherKindThanTheSignaturesIsRefused()
    {
        var log = new FeedbackLog(_directory, "ChurnModel", new SignatureLabel("Churned", "boolean"));

        Assert.Contains("boolean", Assert.ThrowsExactly<ArgumentException>(() => log.Add(Id, "yes")).Message);
        Assert.ThrowsExactly<ArgumentException>(() => log.Add(Id, 1.0));
        Assert.ThrowsExactly<ArgumentException>(() => new FeedbackLog(_directory, "PriceModel", new SignatureLabel("Price", "number")).Add(Id, true));
        Assert.IsFalse(File.Exists(log.Path));
    }

    [TestMethod]
    public void WithoutASignatureAnyKindIsWritten()
    {
        var log = new FeedbackLog(_directory, "ChurnModel");

        log.Add(Id, true, s_time);
        log.Add(Id, 3, s_time);
        log.Add(Id, "yes", s_time);

        Assert.HasCount(3, Lines(log));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("019c3f2a-7b4e-7c1d-9a2b-3c4d5e6f7081")]
    [DataRow("019c3f2a7b4e7c1d9a2b3c4d5e6f708")]
    [DataRow("019c3f2a7b4e7c1d9a2b3c4d5e6f708g")]
    public void AnythingButAPredictionIdIsRefused(string id)
    {
        var log = new FeedbackLog(_directory, "ChurnModel");

        Assert.AreEqual("predictionId", Assert.ThrowsExactly<ArgumentException>(() => log.Add(id, true)).ParamName);
    }

    [TestMethod]
    public void ManyThreadsWriteWholeLines()
    {
        const int Threads = 8, Labels = 300;
        var log = new FeedbackLog(_directory, "ChurnModel", new SignatureLabel("Churned", "boolean"));
        var ids = Enumerable.Range(0, Threads * Labels).Select(_ => Guid.CreateVersion7().ToString("N")).ToArray();

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (var i = 0; i < Labels; i++) log.Add(ids[t * Labels + i], i % 2 == 0);
        });

        var lines = Lines(log);
        CollectionAssert.AreEquivalent(ids, lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()).ToArray());
    }

    [TestMethod]
    public void AnUnwritableFolderIsTheCallersError()
    {
        var file = Path.Combine(_directory, "not-a-folder");
        File.WriteAllText(file, "");
        var log = new FeedbackLog(file, "ChurnModel");

        Assert.ThrowsExactly<IOException>(() => log.Add(Id, true));
    }
}
