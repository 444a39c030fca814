using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Gates;
using NuGet.Configuration;
using NuGet.Versioning;

namespace MlBuildTasks.Engine.Packaging;

/// <summary>
/// The feed a release goes to (<c>MlReleaseFeed</c>: the folder or URL <c>dotnet nuget push</c> pushes to), or, when none is
/// named, the folder the package is written to, which then serves as a local feed. The versions of the package already there
/// decide the version rules (<see cref="VersionRules"/>). Read with the baselines' <see cref="PackageFeed"/>.
/// </summary>
public sealed class ReleaseFeed
{
    private readonly IReadOnlyDictionary<NuGetVersion, PackageSource> _versions;

    private readonly Func<FeedException, MlBuildException> _unreadable;

    private ReleaseFeed(string description, IReadOnlyDictionary<NuGetVersion, PackageSource> versions, Func<FeedException, MlBuildException> unreadable)
    {
        Description = description;
        _versions = versions;
        _unreadable = unreadable;
    }

    /// <summary>What the feed is, for messages.</summary>
    public string Description { get; }

    public IEnumerable<NuGetVersion> Versions => _versions.Keys;

    /// <param name="releaseFeed">MlReleaseFeed: a folder (relative to <paramref name="baseDirectory"/>), a feed URL or a NuGet.Config source's key; null for the output folder.</param>
    /// <param name="unreadable">The error for a feed that cannot be read (default: MLB5007, packing refused).</param>
    public static ReleaseFeed Open(string? releaseFeed, string outputDirectory, string baseDirectory, string id, Func<FeedException, MlBuildException>? unreadable = null)
    {
        unreadable ??= ex => Unreadable(id, ex);
        string description;
        PackageFeed feed;
        if (string.IsNullOrWhiteSpace(releaseFeed))
        {
            description = $"the package output folder '{outputDirectory}'";
            // Nothing was ever packed here: no release yet.
            if (!Directory.Exists(outputDirectory)) return new ReleaseFeed(description, new Dictionary<NuGetVersion, PackageSource>(), unreadable);
            feed = PackageFeed.For(outputDirectory, baseDirectory);
        }
        else
        {
            // A URL or a NuGet.Config source's key as it is (the key brings its credentials); otherwise a folder.
            var source = Uri.TryCreate(releaseFeed, UriKind.Absolute, out var uri) && !uri.IsFile || PackageFeed.IsSourceKey(releaseFeed, baseDirectory)
                ? releaseFeed
                : Path.GetFullPath(releaseFeed, baseDirectory);
            description = $"the release feed '{source}' (MlReleaseFeed)";
            feed = PackageFeed.For(source, baseDirectory);
        }

        try
        {
            return new ReleaseFeed(description, feed.Versions(id), unreadable);
        }
        catch (FeedException ex)
        {
            throw unreadable(ex);
        }
    }

    /// <summary>The released package's bytes, or null when this version is not on the feed.</summary>
    public byte[]? TryDownload(string id, NuGetVersion version)
    {
        if (!_versions.TryGetValue(version, out var source)) return null;
        try
        {
            return PackageFeed.Download(source, id, version);
        }
        catch (FeedException ex)
        {
            throw _unreadable(ex);
        }
    }

    private static MlBuildException Unreadable(string id, FeedException ex) =>
        new(Diagnostic.Error(DiagnosticCodes.PackReleaseFeedFailed,
            $"The versions of {id} already released could not be read: {ex.Message}. Check MlReleaseFeed (a folder or feed URL) and the network; packing is refused until the version rules can be checked."));
}
