namespace MlBuildTasks.Engine.Tests.Support;

/// <summary>Files of this repository (the schema, the docs) that tests check the engine against.</summary>
internal static class RepositoryFiles
{
    public static string PathOf(params string[] relative)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MlBuildTasks.sln"))) directory = directory.Parent;
        Assert.IsNotNull(directory, "MlBuildTasks.sln not found above " + AppContext.BaseDirectory);
        return Path.Combine([directory.FullName, .. relative]);
    }
}
