namespace MlBuildTasks.Engine.Profiling;

/// <summary>
/// A tiny seeded random generator (Steele, Lea and Flood's SplitMix64). Ours rather than <see cref="Random"/> so
/// that a sample drawn today is drawn the same by any later .NET: the algorithm is fixed here, not in the runtime.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // a draw per value in a full reservoir
    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Continues from where <paramref name="other"/> is: the two then draw the same numbers.</summary>
    public void CopyFrom(SplitMix64 other) => _state = other._state;

    /// <summary>A number in [0, <paramref name="bound"/>): the high half of a 64x64-bit product (Lemire), bias below 2^-40 for any bound we use.</summary>
    public long NextBelow(long bound) => (long)Math.BigMul(Next(), (ulong)bound, out _);

    /// <summary>The SplitMix64 finalizer alone: a bijection on 64 bits that spreads every input bit over all output bits.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
