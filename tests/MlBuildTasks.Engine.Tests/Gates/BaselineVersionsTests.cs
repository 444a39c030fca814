using MlBuildTasks.Engine.Gates;
using NuGet.Versioning;

namespace MlBuildTasks.Engine.Tests.Gates;

/// <summary>Which released version of a model's package is its baseline when the spec pins none.</summary>
[TestClass]
public sealed class BaselineVersionsTests
{
    private static NuGetVersion? Choose(string building, params string[] available) =>
        BaselineVersions.Choose(available.Select(NuGetVersion.Parse), building.Length == 0 ? null : NuGetVersion.Parse(building));

    [TestMethod]
    public void TheHighestStableVersionStrictlyBelowTheOneBeingBuilt()
    {
        Assert.AreEqual(NuGetVersion.Parse("1.0.1"), Choose("1.1.0", "0.9.0", "1.0.1", "1.0.0", "1.1.0", "1.2.0"));
    }

    [TestMethod]
    public void PrereleasesAreNeverTheBaseline()
    {
        Assert.AreEqual(NuGetVersion.Parse("1.0.0"), Choose("2.0.0", "1.0.0", "1.5.0-beta.1", "2.0.0-rc.1"));
    }

    [TestMethod]
    public void APrereleaseBeingBuiltIsComparedWithTheReleaseBeforeIt()
    {
        // 1.1.0-rc.1 sorts below 1.1.0: a release candidate is compared with 1.0.0, not with the release it leads to.
        Assert.AreEqual(NuGetVersion.Parse("1.0.0"), Choose("1.1.0-rc.1", "1.0.0", "1.1.0"));
    }

    [TestMethod]
    public void NoneBelowIsAFirstRelease()
    {
        Assert.IsNull(Choose("1.0.0", "1.0.0", "1.1.0", "0.9.0-beta.1"));
        Assert.IsNull(Choose("1.0.0"));
    }

    [TestMethod]
    public void WithoutAVersionBeingBuiltTheHighestStableOneIsTaken()
    {
        Assert.AreEqual(NuGetVersion.Parse("2.0.0"), Choose("", "1.0.0", "2.0.0", "3.0.0-alpha"));
    }
}
