using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace MlBuildTasks.Engine.Data;

/// <summary>
/// A 64-bit hash of a row's values in order: each value hashed on its own (XxHash3, seeded with its length so
/// ("ab","c") and ("a","bc") differ), then folded in with its position. Equal rows always hash equal;
/// used to find repeated rows and rows shared by the train and test parts.
/// </summary>
public static class RowHash
{
    public const ulong Start = 0x9E3779B97F4A7C15UL;

    public static ulong Append(ulong hash, ReadOnlySpan<char> value)
    {
        var cell = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(value), seed: value.Length);
        return (hash ^ cell) * 0x100000001B3UL + 1;
    }

    /// <summary>A missing value: unlike any value, the empty one included.</summary>
    public static ulong AppendMissing(ulong hash) => (hash ^ 0xC2B2AE3D27D4EB4FUL) * 0x100000001B3UL + 1;
}
