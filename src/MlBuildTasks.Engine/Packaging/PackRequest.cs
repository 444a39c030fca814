namespace MlBuildTasks.Engine.Packaging;

public enum PackageFormat { Nupkg, Zip }

/// <summary>
/// What to pack: a trained model's working folder, the package identity, and where it goes. <see cref="ReleaseFeed"/> is
/// where releases are pushed (MlReleaseFeed; null: the output folder), which the version rules check against.
/// </summary>
public sealed record PackRequest(
    string SpecPath,
    string ArtifactDirectory,
    string PackageId,
    string Version,
    string OutputDirectory,
    PackageFormat Format = PackageFormat.Nupkg,
    string? Authors = null,
    string? Description = null,
    string? ProjectDirectory = null,
    string? RepositoryUrl = null,
    string? License = null,
    string? ModelName = null,
    string? ReleaseFeed = null,
    bool AcceptBreakingChange = false,
    string? Tags = null);
