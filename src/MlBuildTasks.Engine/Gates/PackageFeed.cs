using NuGet.Common;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace MlBuildTasks.Engine.Gates;

/// <summary>A feed could not be read: unreachable, a folder that does not exist, a server error. The message says which and why.</summary>
public sealed class FeedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The NuGet feeds a baseline package is looked up on, through NuGet's own client libraries (NuGet.Configuration for the
/// sources, NuGet.Protocol for folder, V2 and V3 feeds alike), so a baseline resolves from the same feeds, with the same
/// configuration, as a restore of the project would.
/// </summary>
public sealed class PackageFeed
{
    /// <summary>How long looking up and downloading may take before the feed counts as unreachable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyList<PackageSource> _sources;

    private PackageFeed(IReadOnlyList<PackageSource> sources) => _sources = sources;

    /// <summary>What the feed is, for messages: the sources' names or paths.</summary>
    public string Description => _sources.Count == 1 ? Name(_sources[0])
        : "the feeds " + string.Join(", ", _sources.Select(s => s.Name == s.Source ? $"'{s.Source}'" : $"'{s.Name}' ({s.Source})"));

    /// <summary>
    /// <paramref name="source"/> (a folder path, a feed URL, or the key of a NuGet.Config source) when the spec or
    /// MlReleaseFeed names one; otherwise the enabled sources of the NuGet.Config files that apply to
    /// <paramref name="directory"/> (it and its parents, then the user's and the machine's). Either way, a source the
    /// NuGet.Config files list comes with their credentials (packageSourceCredentials, which may read environment variables).
    /// </summary>
    public static PackageFeed For(string? source, string directory)
    {
        try
        {
            var configured = new PackageSourceProvider(Settings.LoadDefaultSettings(directory)).LoadPackageSources().ToList();
            if (source is null) return new PackageFeed(configured.Where(s => s.IsEnabled).ToList());
            // A source the NuGet.Config files name (by its key or its URL) brings their credentials, as `dotnet nuget push -s` uses them.
            return new PackageFeed([Configured(configured, source) ?? new PackageSource(source)]);
        }
        catch (NuGetConfigurationException ex)
        {
            throw new FeedException($"the NuGet.Config sources could not be read: {ex.Message.TrimEnd('.')}", ex);
        }
    }

    /// <summary>The NuGet.Config source whose key is <paramref name="source"/> or whose URL is the same, if any.</summary>
    internal static PackageSource? Configured(IEnumerable<PackageSource> configured, string source) =>
        configured.FirstOrDefault(s => string.Equals(s.Name, source, StringComparison.OrdinalIgnoreCase))
        ?? configured.FirstOrDefault(s => !s.IsLocal && string.Equals(s.Source.TrimEnd('/'), source.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="name"/> is the key of a source in the NuGet.Config files that apply to <paramref name="directory"/>.</summary>
    public static bool IsSourceKey(string name, string directory)
    {
        try
        {
            return new PackageSourceProvider(Settings.LoadDefaultSettings(directory)).LoadPackageSources()
                .Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        }
        catch (NuGetConfigurationException)
        {
            return false; // For() reports the unreadable configuration.
        }
    }

    /// <summary>The one source this feed reads, when it was named (tests look at its credentials).</summary>
    internal PackageSource? Single => _sources.Count == 1 ? _sources[0] : null;

    /// <summary>Every version of <paramref name="id"/> on the feed, with the source that has it (the first, in the sources' order).</summary>
    public IReadOnlyDictionary<NuGetVersion, PackageSource> Versions(string id)
    {
        if (_sources.Count == 0) throw new FeedException("no package source is configured (NuGet.Config lists none)");
        var found = new Dictionary<NuGetVersion, PackageSource>();
        // Every source must answer: with one unreachable, the highest version found might not be the highest released.
        foreach (var source in _sources)
            foreach (var version in Ask(source, (resource, cache, token) => resource.GetAllVersionsAsync(id, cache, NullLogger.Instance, token)))
                found.TryAdd(version, source);
        return found;
    }

    /// <summary>The package's .nupkg bytes as the source serves them.</summary>
    public static byte[] Download(PackageSource source, string id, NuGetVersion version)
    {
        using var nupkg = new MemoryStream();
        var copied = Ask(source, (resource, cache, token) => resource.CopyNupkgToStreamAsync(id, version, nupkg, cache, NullLogger.Instance, token));
        if (!copied) throw new FeedException($"{Name(source)} listed {id} {version} but did not serve it");
        return nupkg.ToArray();
    }

    private static T Ask<T>(PackageSource source, Func<FindPackageByIdResource, SourceCacheContext, CancellationToken, Task<T>> request)
    {
        // A missing folder is an unreadable feed, not an empty one: NuGet's folder resource would answer "no versions".
        if (source.IsLocal && !Directory.Exists(source.Source)) throw new FeedException($"the folder feed '{source.Source}' does not exist");
        using var timeout = new CancellationTokenSource(Timeout);
        // No HTTP cache: a version released a minute ago must count.
        using var cache = new SourceCacheContext { NoCache = true, DirectDownload = true };
        try
        {
            var resource = Repository.Factory.GetCoreV3(source).GetResourceAsync<FindPackageByIdResource>(timeout.Token).GetAwaiter().GetResult()
                ?? throw new FeedException($"{Name(source)} is not a NuGet feed");
            return request(resource, cache, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is FatalProtocolException or HttpRequestException or IOException or UnauthorizedAccessException
                                       or OperationCanceledException or InvalidOperationException or InvalidDataException)
        {
            var reason = ex is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : Innermost(ex).Message.TrimEnd('.');
            throw new FeedException($"{Name(source)} could not be read: {reason}", ex);
        }
    }

    private static string Name(PackageSource source) => source.Name == source.Source ? $"the feed '{source.Source}'" : $"the feed '{source.Name}' ({source.Source})";

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;
}
