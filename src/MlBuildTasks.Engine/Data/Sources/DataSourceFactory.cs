using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// Opens the reader for a <see cref="SourceSpec"/>, expands globs in its path, tells a file's format from its
/// extension and fingerprints a source's content (so an unchanged source skips retraining).
/// </summary>
public static class DataSourceFactory
{
    private static readonly Dictionary<string, SourceFormat> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = SourceFormat.Csv,
        [".tsv"] = SourceFormat.Tsv,
        [".tab"] = SourceFormat.Tsv,
        [".jsonl"] = SourceFormat.JsonLines,
        [".ndjson"] = SourceFormat.JsonLines,
        [".json"] = SourceFormat.JsonArray,
        [".parquet"] = SourceFormat.Parquet,
        [".db"] = SourceFormat.Sqlite,
        [".sqlite"] = SourceFormat.Sqlite,
        [".sqlite3"] = SourceFormat.Sqlite,
    };

    /// <summary>
    /// The sources a spec's path stands for: itself when the path has no wildcard (or there is no path), else one
    /// per matching file, sorted ordinally. Wildcards are those of Microsoft.Extensions.FileSystemGlobbing:
    /// <c>*</c> within a folder name and <c>**</c> across folders. No match is MLB2001 at the spec, naming the pattern.
    /// </summary>
    public static IReadOnlyList<SourceSpec> Expand(SourceSpec spec)
    {
        if (spec.Path is not { } path || !IsGlob(path)) return [spec];
        var (root, pattern) = SplitGlob(path);
        var files = Directory.Exists(root)
            ? new Matcher(OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
                .AddInclude(pattern)
                .GetResultsInFullPath(root)
                .Select(Path.GetFullPath)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        if (files.Count == 0)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataFileNotFound,
                $"No file matches the pattern '{path}'. Check the source's path in the spec (it is relative to the spec file; '*' matches within a folder, '**' across folders).",
                spec.DeclaredAt));
        return [.. files.Select(file => spec with { Path = file })];
    }

    /// <summary>
    /// A reader for the source: the format's reader, or, for a glob matching several files, one reader over them
    /// all (<see cref="ConcatenatedRowReader"/>, opening one file at a time).
    /// </summary>
    public static IRowReader Open(SourceSpec spec)
    {
        var sources = Expand(spec);
        return sources.Count == 1
            ? OpenOne(sources[0])
            : new ConcatenatedRowReader([.. sources.Select(source => (Func<IRowReader>)(() => OpenOne(source)))]);
    }

    /// <summary>
    /// A content fingerprint (32 hex digits): of the file's bytes (<see cref="ContentFingerprint.OfFile"/>); for a
    /// glob, of each matching file's path below the pattern's folder and bytes; for a database, an XxHash128 of the
    /// query's result (column names and every value in row order, length-prefixed so it is unambiguous).
    /// </summary>
    public static string Fingerprint(SourceSpec spec)
    {
        if (spec.Format is SourceFormat.Sqlite or SourceFormat.Postgres)
        {
            using var reader = Open(spec);
            return OfRows(reader);
        }

        var path = TextFileChecks.PathOf(spec);
        if (!IsGlob(path))
        {
            if (!File.Exists(path))
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataFileNotFound,
                    $"The data file '{path}' does not exist. Check the source's path in the spec (it is relative to the spec file).", spec.DeclaredAt));
            return ContentFingerprint.OfFile(path);
        }

        var root = Path.GetFullPath(SplitGlob(path).Root);
        return ContentFingerprint.Combine(Expand(spec).Select(source => KeyValuePair.Create(
            Path.GetRelativePath(root, source.Path!).Replace('\\', '/'), ContentFingerprint.OfFile(source.Path!))));
    }

    /// <summary>The format a file's extension stands for; MLB1005 for an extension that is none of them.</summary>
    public static SourceFormat FormatFromExtension(string path) =>
        TryFormatFromExtension(path, out var format)
            ? format
            : throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.SpecInvalidValue,
                $"Cannot tell the format of '{path}' from its extension. Known extensions: {string.Join(", ", Extensions.Keys)}; " +
                "or give the source's format in the spec."));

    public static bool TryFormatFromExtension(string path, out SourceFormat format) =>
        Extensions.TryGetValue(Path.GetExtension(path), out format);

    /// <summary>
    /// XxHash128 of everything a reader yields, canonically: a version tag, the column count and names, then per
    /// row a marker and per value either "missing" or its UTF-8 length and bytes; then the row count.
    /// </summary>
    internal static string OfRows(IRowReader reader)
    {
        var hash = new XxHash128();
        var bytes = ArrayPool<byte>.Shared.Rent(1024);
        Span<byte> number = stackalloc byte[8];
        try
        {
            hash.Append("mlbuild-rows-v1"u8);
            AppendInt(hash, number, reader.Columns.Count);
            foreach (var column in reader.Columns) AppendText(hash, number, column, ref bytes);
            long rows = 0;
            while (reader.Read())
            {
                rows++;
                hash.Append([1]);
                for (var i = 0; i < reader.Columns.Count; i++)
                {
                    if (reader.IsMissing(i))
                    {
                        hash.Append([0]);
                        continue;
                    }

                    hash.Append([1]);
                    AppendText(hash, number, reader.GetSpan(i), ref bytes);
                }
            }

            hash.Append([2]);
            BinaryPrimitives.WriteInt64LittleEndian(number, rows);
            hash.Append(number);
            return Convert.ToHexStringLower(hash.GetCurrentHash());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void AppendText(XxHash128 hash, Span<byte> number, ReadOnlySpan<char> text, ref byte[] bytes)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (bytes.Length < needed)
        {
            ArrayPool<byte>.Shared.Return(bytes);
            bytes = ArrayPool<byte>.Shared.Rent(needed);
        }

        var length = Encoding.UTF8.GetBytes(text, bytes);
        AppendInt(hash, number, length);
        hash.Append(bytes.AsSpan(0, length));
    }

    private static void AppendInt(XxHash128 hash, Span<byte> number, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(number, value);
        hash.Append(number[..4]);
    }

    private static IRowReader OpenOne(SourceSpec spec) => spec.Format switch
    {
        SourceFormat.Csv or SourceFormat.Tsv => new CsvRowReader(spec),
        SourceFormat.JsonLines => new JsonLinesRowReader(spec),
        SourceFormat.JsonArray => new JsonArrayRowReader(spec),
        SourceFormat.Parquet => new ParquetRowReader(spec),
        SourceFormat.Sqlite => new SqliteRowReader(spec),
        SourceFormat.Postgres => new PostgresRowReader(spec),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Format, "Unknown source format."),
    };

    private static bool IsGlob(string path) => path.Contains('*');

    /// <summary>The folder before the first segment with a wildcard, and the rest as a '/'-separated pattern.</summary>
    private static (string Root, string Pattern) SplitGlob(string path)
    {
        var segments = path.Replace('\\', '/').Split('/');
        var first = Array.FindIndex(segments, s => s.Contains('*'));
        var root = string.Join('/', segments[..first]);
        if (root.Length == 0) root = path.StartsWith('/') || path.StartsWith('\\') ? "/" : ".";
        else if (root.EndsWith(':')) root += "/"; // "C:" alone is the current folder of drive C, not its root
        return (root, string.Join('/', segments[first..]));
    }
}
