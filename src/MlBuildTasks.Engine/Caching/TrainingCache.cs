using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;

namespace MlBuildTasks.Engine.Caching;

/// <summary>What a cache entry says about its model (<c>entry.json</c>); the model's bytes are beside it.</summary>
public sealed record CacheEntry(
    int SchemaVersion,
    string Key,
    string Model,
    string Trainer,
    IReadOnlyDictionary<string, double?> Parameters,
    IReadOnlyDictionary<string, double?> Metrics,
    int TrainRows,
    int TestRows,
    string ModelSha256,
    string EngineVersion,
    DateTimeOffset CreatedUtc)
{
    public const int CurrentSchemaVersion = 1;
}

/// <summary>A cache entry read back and verified: its record, the model's bytes and the search's leaderboard if one ran.</summary>
public sealed record CachedModel(CacheEntry Entry, byte[] Model, byte[]? Trials);

/// <summary>
/// A content-addressed store of trained models (<see cref="TrainingCacheKey"/>): one folder per key holding
/// <c>entry.json</c>, <c>model.zip</c> and, after a search, <c>trials.json</c>. A CI job that keeps the folder
/// between runs restores unchanged models instead of training them. An entry is written in a folder of its own
/// and renamed into place, so readers never see half an entry and two builds filling the same key at once
/// leave one whole entry. Every read checks the model's SHA-256; an entry that fails is discarded with a
/// warning (MLB3004) and the model is trained again.
/// </summary>
public sealed class TrainingCache(string directory)
{
    private const string EntryFile = "entry.json";
    private const string ModelFile = "model.zip";
    private const string TrialsFile = "trials.json";

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Where builds keep the cache unless told otherwise: the user's local application data.</summary>
    public static string DefaultDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "MlBuildTasks", "cache");

    public CachedModel? TryGet(string key, IDiagnosticSink sink)
    {
        var folder = FolderOf(key);
        if (!System.IO.Directory.Exists(folder)) return null;
        string? problem;
        try
        {
            var entry = ArtifactJson.TryRead<CacheEntry>(Path.Combine(folder, EntryFile));
            var model = File.Exists(Path.Combine(folder, ModelFile)) ? File.ReadAllBytes(Path.Combine(folder, ModelFile)) : null;
            problem = entry is null ? "entry.json is missing or unreadable"
                : entry.Key != key ? "entry.json names another key"
                : model is null ? "model.zip is missing"
                : Reproducible.Sha256(model) != entry.ModelSha256 ? "model.zip does not match its SHA-256"
                : null;
            if (problem is null)
            {
                var trialsPath = Path.Combine(folder, TrialsFile);
                System.IO.Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow); // last use, for prune
                return new CachedModel(entry!, model!, File.Exists(trialsPath) ? File.ReadAllBytes(trialsPath) : null);
            }
        }
        catch (IOException ex)
        {
            problem = ex.Message;
        }

        sink.Report(Diagnostic.Warning(DiagnosticCodes.CacheEntryCorrupt,
            $"The training cache entry {key[..12]} in '{Directory}' is corrupt ({problem}); it was discarded and the model is trained again."));
        TryDelete(folder);
        return null;
    }

    /// <summary>Stores an entry atomically; when another build stored the same key first, its entry is kept.</summary>
    public void Put(CacheEntry entry, byte[] model, byte[]? trials)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var staging = Path.Combine(Directory, $".staging-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(staging);
        try
        {
            File.WriteAllBytes(Path.Combine(staging, ModelFile), model);
            if (trials is not null) File.WriteAllBytes(Path.Combine(staging, TrialsFile), trials);
            ArtifactJson.Write(Path.Combine(staging, EntryFile), entry);
            var folder = FolderOf(entry.Key);
            if (!System.IO.Directory.Exists(folder)) System.IO.Directory.Move(staging, folder);
        }
        catch (IOException) when (System.IO.Directory.Exists(FolderOf(entry.Key)))
        {
            // Another build renamed its entry into place first: the same key means the same model.
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>Every whole entry, newest use first, with its size on disk.</summary>
    public IReadOnlyList<(CacheEntry Entry, long Bytes, DateTime LastUsedUtc)> List()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return new DirectoryInfo(Directory).EnumerateDirectories()
            .Where(d => !d.Name.StartsWith('.'))
            .Select(d => (Entry: ArtifactJson.TryRead<CacheEntry>(Path.Combine(d.FullName, EntryFile)), Bytes: d.EnumerateFiles().Sum(f => f.Length), LastUsedUtc: d.LastWriteTimeUtc))
            .Where(e => e.Entry is not null)
            .Select(e => (e.Entry!, e.Bytes, e.LastUsedUtc))
            .OrderByDescending(e => e.LastUsedUtc).ToList();
    }

    /// <summary>Deletes entries not used for <paramref name="unusedFor"/>, then the least recently used until the cache fits <paramref name="maxBytes"/>; also leftovers of interrupted writes.</summary>
    public (int Deleted, long FreedBytes) Prune(TimeSpan unusedFor, long? maxBytes)
    {
        if (!System.IO.Directory.Exists(Directory)) return (0, 0);
        var (deleted, freed) = (0, 0L);
        foreach (var leftover in new DirectoryInfo(Directory).EnumerateDirectories(".staging-*").Where(d => d.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1)))
            TryDelete(leftover.FullName);

        var entries = List().OrderBy(e => e.LastUsedUtc).ToList();
        var total = entries.Sum(e => e.Bytes);
        foreach (var (entry, bytes, lastUsed) in entries)
        {
            var tooOld = lastUsed < DateTime.UtcNow - unusedFor;
            var tooBig = maxBytes is { } limit && total > limit;
            if (!tooOld && !tooBig) continue;
            TryDelete(FolderOf(entry.Key));
            (deleted, freed, total) = (deleted + 1, freed + bytes, total - bytes);
        }

        return (deleted, freed);
    }

    private string FolderOf(string key) => Path.Combine(Directory, key);

    private static void TryDelete(string folder)
    {
        try
        {
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
