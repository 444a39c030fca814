using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Data;

/// <summary>
/// A 64-bit hash of a row's values in order: each value hashed on its own (XxHash3, seeded with its length so
/// ("ab","c") and ("a","bc") differ), or, where a check has already turned it into a number, that number mixed (a category's
/// value hash is kept by its counter); then folded in with its position. Equal rows always hash equal; used to find
/// repeated rows and rows shared by the train and test parts.
/// </summary>
public static class RowHash
{
    public const ulong Start = 0x9E3779B97F4A7C15UL;

    public static ulong Append(ulong hash, ReadOnlySpan<char> value) => AppendKey(hash, KeyOf(value));

    /// <summary>A value's own hash, which <see cref="Append"/> folds in: kept by a category counter per distinct value.</summary>
    public static ulong KeyOf(ReadOnlySpan<char> value) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(value), seed: value.Length);

    /// <summary>
    /// A value by its <see cref="KeyOf"/>, computed once for a category's value rather than once per cell: the same
    /// hash as <see cref="Append"/> of its text, so a row hashes the same whichever counter (or none) knew the value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // one per cell: the JIT left these calls in the row-hash loop
    public static ulong AppendKey(ulong hash, ulong key) => (hash ^ key) * 0x100000001B3UL + 1;

    /// <summary>A parsed number: its bits, mixed (equal numbers hash equal whatever their text).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AppendNumber(ulong hash, double value) =>
        (hash ^ SplitMix64.Mix(0x9FB21C651E98DF25UL ^ (ulong)BitConverter.DoubleToInt64Bits(value))) * 0x100000001B3UL + 1;

    /// <summary>A missing value: unlike any value, the empty one included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AppendMissing(ulong hash) => (hash ^ 0xC2B2AE3D27D4EB4FUL) * 0x100000001B3UL + 1;
}
