using NuGet.Versioning;

namespace MlBuildTasks.Engine.Gates;

/// <summary>Which released version of a model's package is its baseline.</summary>
public static class BaselineVersions
{
    /// <summary>
    /// The highest stable version strictly below <paramref name="building"/> (the version being built), or the highest stable
    /// one when the version being built is not known; null when there is none, the model's first release. Prereleases are
    /// never a baseline: a release is compared with what users got.
    /// </summary>
    public static NuGetVersion? Choose(IEnumerable<NuGetVersion> available, NuGetVersion? building) =>
        available.Where(v => !v.IsPrerelease && (building is null || v < building)).Max();
}
