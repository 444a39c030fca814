namespace MlBuildTasks.Engine.Packaging;

public enum PackageFormat { Nupkg, Zip }

/// <summary>What to pack: a trained model's working folder, the package identity, and where it goes.</summary>
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
    string? ModelName = null);
