using System.Buffers;
using System.Text;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// The checks every text source (CSV, TSV, JSON Lines, JSON) makes before parsing, and the error paths that
/// find exactly where a file stops being UTF-8. Columns are 1-based and counted in UTF-16 characters, as
/// editors count them for all but the rarest characters.
/// </summary>
internal static class TextFileChecks
{
    /// <summary>How far into a file to look for NUL bytes, which text never has and binary files nearly always do.</summary>
    public const int BinaryProbeBytes = 8192;

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The path of a file source; a spec without one is a programming error, not bad input.</summary>
    public static string PathOf(SourceSpec spec) =>
        spec.Path ?? throw new ArgumentException($"A {spec.Format} source needs a path.", nameof(spec));

    /// <summary>MLB2001 (at the spec) when missing, MLB2002 when empty, MLB2004 when it holds NUL bytes.</summary>
    public static void ThrowIfUnusable(string path, SourceLocation declaredAt, string kind)
    {
        ThrowIfMissingOrEmpty(path, declaredAt, kind);
        using var stream = File.OpenRead(path);
        var buffer = new byte[BinaryProbeBytes];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var nul = Array.IndexOf(buffer, (byte)0, 0, read);
        if (nul >= 0)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                $"The data file looks binary (it has a NUL byte at byte {nul + 1}), not {kind} text. Point the spec at a UTF-8 {kind} file; " +
                "a UTF-16 file must be saved as UTF-8.", new SourceLocation(path)));
    }

    /// <summary>MLB2001 (at the spec) when missing, MLB2002 when 0 bytes (or only a BOM).</summary>
    public static void ThrowIfMissingOrEmpty(string path, SourceLocation declaredAt, string kind)
    {
        if (!File.Exists(path))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataFileNotFound,
                $"The data file '{path}' does not exist. Check the source's path in the spec (it is relative to the spec file).", declaredAt));
        var length = new FileInfo(path).Length;
        if (length == 0 || (length == Utf8Bom.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(Utf8Bom)))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataFileEmpty,
                $"The data file is empty ({(length == 0 ? "0 bytes" : "nothing but a UTF-8 byte order mark")}). Expected {kind} data.", new SourceLocation(path)));
    }

    /// <summary>Skips a UTF-8 byte order mark at the start of <paramref name="stream"/>; returns how many bytes it had.</summary>
    public static int SkipBom(Stream stream)
    {
        Span<byte> head = stackalloc byte[3];
        var read = stream.ReadAtLeast(head, 3, throwOnEndOfStream: false);
        if (read == 3 && head.SequenceEqual(Utf8Bom)) return 3;
        stream.Position = 0;
        return 0;
    }

    /// <summary>The MLB2004 for a file that is not UTF-8, at its first invalid byte.</summary>
    public static MlBuildException InvalidUtf8(string path)
    {
        var (line, column, value) = FindInvalidUtf8(path);
        var what = value is { } b
            ? $"byte 0x{b:X2} cannot start or continue a UTF-8 character here; a Latin-1 or Windows-1252 file has such bytes"
            : "the file ends in the middle of a character";
        return new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
            $"The data file is not valid UTF-8: {what}. Save it as UTF-8 (with or without BOM).", new SourceLocation(path, line, column)));
    }

    /// <summary>
    /// The 1-based line and column of the first byte of <paramref name="path"/> that is not UTF-8, and that byte
    /// (null when the file ends inside a character). Reads the file once from the start; an error path only.
    /// </summary>
    public static (int Line, int Column, byte? Value) FindInvalidUtf8(string path)
    {
        using var stream = File.OpenRead(path);
        SkipBom(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int line = 1, column = 1, kept = 0;
            while (true)
            {
                var read = stream.Read(buffer, kept, buffer.Length - kept);
                var length = kept + read;
                var end = read == 0;
                var position = 0;
                while (position < length)
                {
                    var status = System.Text.Rune.DecodeFromUtf8(buffer.AsSpan(position, length - position), out var rune, out var consumed);
                    if (status == OperationStatus.Done)
                    {
                        if (rune.Value == '\n') { line++; column = 1; }
                        else column += rune.Utf16SequenceLength;
                        position += consumed;
                    }
                    else if (status == OperationStatus.NeedMoreData && !end) break;
                    else return (line, column, status == OperationStatus.NeedMoreData ? null : buffer[position]);
                }

                if (end) return (line, column, null);
                kept = length - position;
                buffer.AsSpan(position, kept).CopyTo(buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The 1-based character column of byte <paramref name="bytePositionInLine"/> (0-based) of 0-based line
    /// <paramref name="lineIndex"/>, for a parser that reports positions in bytes. An error path only.
    /// </summary>
    public static int CharacterColumn(string path, long lineIndex, long bytePositionInLine)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 64 * 1024);
        SkipBom(stream);
        for (long line = 0; line < lineIndex;)
        {
            var b = stream.ReadByte();
            if (b < 0) return 1;
            if (b == '\n') line++;
        }

        var column = 1;
        for (long i = 0; i < bytePositionInLine; i++)
        {
            var b = stream.ReadByte();
            if (b < 0 || b == '\n') break;
            column += Utf16Width((byte)b);
        }

        return column;
    }

    /// <summary>How many UTF-16 characters a UTF-8 byte starts: 0 for a continuation byte, 2 for a 4-byte lead.</summary>
    public static int Utf16Width(byte b) => (b & 0xC0) == 0x80 ? 0 : b >= 0xF0 ? 2 : 1;

    /// <summary>A JSON parser's message without the byte position it appends, which the diagnostic states better.</summary>
    public static string WithoutBytePosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        // The reader's options are ours, not the user's: do not suggest changing them.
        return (at > 0 ? message[..at] : message).Replace(" Change the reader options.", "", StringComparison.Ordinal).TrimEnd();
    }

    /// <summary>Reads <paramref name="stream"/> as strict UTF-8 (a BOM is skipped; an invalid byte throws).</summary>
    public static StreamReader StrictUtf8Reader(Stream stream, int bufferSize = 64 * 1024) =>
        new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize);
}
