using System.Text.Json;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Monitoring.Drift;

namespace MlBuildTasks.Engine.Tests.Monitoring.Drift;

[TestClass]
public sealed class ColumnDriftJsonTests
{
    [TestMethod]
    public void ResultsWriteAsArtifactJson()
    {
        var drift = new CategoryDrift(DriftProfiles.Category([("a", 3), ("b", 1)]));
        drift.Add("a");
        drift.Add("c");
        var json = JsonSerializer.Serialize(drift.Result(), ArtifactJson.Options);

        StringAssert.Contains(json, "\"test\": \"chi-squared\"");
        StringAssert.Contains(json, "\"psiBand\": ");
        StringAssert.Contains(json, "\"unseenRate\": 0.5");
        StringAssert.Contains(json, "\"bins\": [");
        Assert.AreEqual("\"kolmogorov-smirnov\"", JsonSerializer.Serialize(DriftTest.KolmogorovSmirnov, ArtifactJson.Options));
        Assert.AreEqual("\"jensen-shannon\"", JsonSerializer.Serialize(DriftTest.JensenShannon, ArtifactJson.Options));
        Assert.AreEqual("\"major\"", JsonSerializer.Serialize(PsiBand.Major, ArtifactJson.Options));
        StringAssert.Contains(JsonSerializer.Serialize(DatasetDrift.Of([drift.Result()]), ArtifactJson.Options), "\"comparedColumns\": 1");
    }
}
