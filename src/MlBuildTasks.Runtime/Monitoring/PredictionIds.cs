using System.Buffers.Binary;

namespace MlBuildTasks.Runtime;

/// <summary>
/// Prediction ids: a version 7 GUID (time-ordered, random below the millisecond) as 32 lower-case hex digits. Every
/// output gets one (<see cref="IModelOutput.PredictionId"/>), logged or not, so an app can return it and name it in feedback.
/// </summary>
internal static class PredictionIds
{
    public static (Guid Guid, string Text) New()
    {
        var guid = Guid.CreateVersion7();
        return (guid, guid.ToString("N"));
    }

    /// <summary>32 hex digits, as <see cref="New"/> writes them (either case).</summary>
    public static bool IsValid(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigit);

    /// <summary>
    /// Whether the prediction <paramref name="id"/> is in a sample of <paramref name="rate"/> (0 to 1): a pure function
    /// of the id, so it needs no lock or shared random and a given id is always in or out. The id's 32 hex digits are
    /// two big-endian 64-bit numbers; their XOR goes through SplitMix64's finaliser and its top 53 bits, as a fraction
    /// of 2^53, are compared with the rate (docs/monitoring.md#sampling).
    /// </summary>
    public static bool Sampled(Guid id, double rate) => rate >= 1 || (rate > 0 && Fraction(id) < rate);

    /// <summary>The id's place in [0, 1), uniform over random ids.</summary>
    internal static double Fraction(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        var x = BinaryPrimitives.ReadUInt64BigEndian(bytes[..8]) ^ BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }
}
