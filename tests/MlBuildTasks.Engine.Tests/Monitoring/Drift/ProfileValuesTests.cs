using System.Text.Json;
using System.Text.Json.Nodes;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Monitoring.Drift;

/// <summary>profile.json keeps a number column's sorted values when it has at most 1,000 non-missing ones, for the KS test.</summary>
[TestClass]
public sealed class ProfileValuesTests
{
    private static ProfileDocument Profile(TempFolder folder, int rows, int missingX = 0)
    {
        var csv = new System.Text.StringBuilder("x,y\n");
        for (var i = 0; i < rows; i++)
            csv.Append(i < missingX ? "" : ((i * 7919) % rows / 10.0).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append(',').Append(i % 3).Append('\n');
        var outcome = DataScans.Csv(folder, DataScans.WithColumns("regression", "y", "\"x\": { \"type\": \"number\" }"), csv.ToString());
        Assert.IsTrue(outcome.Result.Passed, DiagnosticAssert.Describe(outcome.Diagnostics));
        return outcome.Result.Profile;
    }

    private static ColumnProfileDocument X(ProfileDocument profile) => profile.Columns.Single(c => c.Name == "x");

    [TestMethod]
    public void ThousandValuesAreKeptSorted()
    {
        using var folder = new TempFolder();
        var x = X(Profile(folder, 1000));

        Assert.IsNotNull(x.Values);
        Assert.HasCount(1000, x.Values);
        // 7919 is prime to 1000, so i * 7919 mod 1000 is every number 0..999 once: x is 0.0, 0.1, ..., 99.9.
        CollectionAssert.AreEqual(Enumerable.Range(0, 1000).Select(i => i / 10.0).ToArray(), x.Values.ToArray());
    }

    [TestMethod]
    public void ThousandNonMissingValuesOfMoreRowsAreKept()
    {
        using var folder = new TempFolder();
        var x = X(Profile(folder, 1001, missingX: 1));

        Assert.AreEqual((1001L, 1L), (x.Count, x.Missing));
        Assert.HasCount(1000, x.Values!);
    }

    [TestMethod]
    public void ThousandAndOneValuesAreNotKeptAndTheJsonIsAsBefore()
    {
        using var folder = new TempFolder();
        var profile = Profile(folder, 1001);
        Assert.IsNull(X(profile).Values);

        // The column's JSON has exactly the properties it had before "values" existed.
        var json = JsonNode.Parse(JsonSerializer.Serialize(profile, ArtifactJson.Options))!;
        var column = json["columns"]!.AsArray().Single(c => (string?)c!["name"] == "x")!.AsObject();
        CollectionAssert.AreEqual(
            new[] { "name", "modelColumn", "type", "role", "count", "missing", "min", "max", "mean", "stdDev", "quantiles", "histogram", "exact" },
            column.Select(p => p.Key).ToArray());
        Assert.DoesNotContain("\"values\"", JsonSerializer.Serialize(profile, ArtifactJson.Options));
    }

    [TestMethod]
    public void KeptValuesRoundTripThroughJson()
    {
        using var folder = new TempFolder();
        var profile = Profile(folder, 10);
        var json = JsonSerializer.Serialize(profile, ArtifactJson.Options);
        var read = JsonSerializer.Deserialize<ProfileDocument>(json, ArtifactJson.Options)!;

        CollectionAssert.AreEqual(X(profile).Values!.ToArray(), X(read).Values!.ToArray());
        StringAssert.Contains(json, "\"values\"");
    }
}
