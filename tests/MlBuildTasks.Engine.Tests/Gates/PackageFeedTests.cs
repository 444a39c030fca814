using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Gates;

/// <summary>A feed named by a baseline's source or MlReleaseFeed is read with the NuGet.Config credentials of that source.</summary>
[TestClass]
public sealed class PackageFeedTests
{
    private static TempFolder ProjectWithNuGetConfig()
    {
        var project = new TempFolder();
        project.Write("nuget.config", """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="releases" value="https://pkgs.example.com/contoso/models/index.json" />
              </packageSources>
              <packageSourceCredentials>
                <releases>
                  <add key="Username" value="ci-bot" />
                  <add key="ClearTextPassword" value="secret-token" />
                </releases>
              </packageSourceCredentials>
            </configuration>
            """);
        return project;
    }

    [TestMethod]
    public void ASourceNamedByItsKeyComesWithItsCredentials()
    {
        using var project = ProjectWithNuGetConfig();

        var source = PackageFeed.For("releases", project.Path).Single!;

        Assert.AreEqual("https://pkgs.example.com/contoso/models/index.json", source.Source);
        Assert.AreEqual("ci-bot", source.Credentials!.Username);
        Assert.IsTrue(PackageFeed.IsSourceKey("Releases", project.Path));
    }

    [TestMethod]
    public void ASourceNamedByItsUrlComesWithItsCredentials()
    {
        using var project = ProjectWithNuGetConfig();

        var source = PackageFeed.For("https://pkgs.example.com/contoso/models/index.json/", project.Path).Single!;

        Assert.AreEqual("ci-bot", source.Credentials!.Username);
    }

    [TestMethod]
    public void AnUnconfiguredUrlOrFolderIsReadWithoutCredentials()
    {
        using var project = ProjectWithNuGetConfig();

        Assert.IsNull(PackageFeed.For("https://other.example.com/v3/index.json", project.Path).Single!.Credentials);
        Assert.IsNull(PackageFeed.For(project.Path, project.Path).Single!.Credentials);
        Assert.IsFalse(PackageFeed.IsSourceKey("models", project.Path));
    }
}
