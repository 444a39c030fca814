using System.Globalization;
using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

/// <summary>
/// <see cref="CategoryCounter"/>'s ids and its small table of recent values: ids are stable and in order of first
/// appearance, and values that share a slot of the recent table are still told apart and counted exactly.
/// </summary>
[TestClass]
public sealed class CategoryCounterIdTests
{
    /// <summary>A copy of CategoryCounter's private RecentSlot (256 slots), to pick values that share a slot.</summary>
    private static int RecentSlot(ReadOnlySpan<char> value) =>
        value.IsEmpty ? 0 : (value.Length * 31 + value[0] * 7 + value[^1] + value[value.Length / 2] * 3) & 255;

    /// <summary>Groups of generated values that share a recent slot (by the formula above), the largest groups first.</summary>
    private static List<List<string>> Colliding(int count) =>
        Enumerable.Range(0, count).Select(i => "v" + i.ToString(CultureInfo.InvariantCulture))
            .Concat(Enumerable.Range(0, count).Select(i => "cat-" + i.ToString(CultureInfo.InvariantCulture) + "x"))
            .GroupBy(v => RecentSlot(v)).Where(g => g.Count() >= 2)
            .OrderByDescending(g => g.Count()).Select(g => g.ToList()).ToList();

    [TestMethod]
    public void IdsAreStableAndInTheOrderOfFirstAppearance()
    {
        var counter = new CategoryCounter();

        Assert.AreEqual(0, counter.Add("red"));
        Assert.AreEqual(1, counter.Add("green"));
        Assert.AreEqual(0, counter.Add("red"));
        Assert.AreEqual(2, counter.Add("blue"));
        Assert.AreEqual(1, counter.Add("green"));
        Assert.AreEqual(2, counter.Add("blue"));
        Assert.AreEqual(0, counter.Add("red"));

        Assert.AreEqual("red", counter.ValueOf(0));
        Assert.AreEqual("green", counter.ValueOf(1));
        Assert.AreEqual("blue", counter.ValueOf(2));
        Assert.AreEqual(7, counter.Count);
        Assert.AreEqual(3, counter.DistinctCount);
        CollectionAssert.AreEqual(new[] { ("red", 3L), ("blue", 2L), ("green", 2L) }, counter.Top(10).ToArray());
    }

    [TestMethod]
    public void AValueIsFoundBySpanWhereverItsCharactersComeFrom()
    {
        var counter = new CategoryCounter();
        Assert.AreEqual(0, counter.Add("a,premium,b".AsSpan(2, 7)));
        Assert.AreEqual(0, counter.Add("premium".AsSpan()));
        Assert.AreEqual(0, counter.Add(new[] { 'p', 'r', 'e', 'm', 'i', 'u', 'm' }));
        Assert.AreEqual(1, counter.Add("premiuM"), "ordinal: case matters");
        Assert.AreEqual(3L, counter.ExactCounts!["premium"]);
    }

    [TestMethod]
    public void TheEmptyValueIsAValueOfItsOwn()
    {
        var counter = new CategoryCounter();
        // "" takes slot 0: so does any value the formula puts there; both are counted apart.
        var other = Enumerable.Range(0, 10_000).Select(i => "e" + i.ToString(CultureInfo.InvariantCulture)).First(v => RecentSlot(v) == 0);

        Assert.AreEqual(0, counter.Add(""));
        Assert.AreEqual(1, counter.Add(other));
        Assert.AreEqual(0, counter.Add(""));
        Assert.AreEqual(1, counter.Add(other));
        Assert.AreEqual(1, counter.Add(other));

        Assert.AreEqual(2L, counter.ExactCounts![""]);
        Assert.AreEqual(3L, counter.ExactCounts[other]);
    }

    [TestMethod]
    public void ValuesSharingARecentSlotAreToldApartAndCountedExactly()
    {
        var group = Colliding(2_000)[0];
        Assert.IsGreaterThanOrEqualTo(3, group.Count);
        var (a, b, c) = (group[0], group[1], group[2]);
        Assert.AreEqual(RecentSlot(a), RecentSlot(b));
        Assert.AreEqual(RecentSlot(a), RecentSlot(c));

        var counter = new CategoryCounter();
        // Alternating: each value evicts the one before it from the shared slot.
        string[] sequence = [a, b, a, c, b, a, a, c, b, b, b];
        var ids = sequence.Select(v => counter.Add(v)).ToArray();

        CollectionAssert.AreEqual(new[] { 0, 1, 0, 2, 1, 0, 0, 2, 1, 1, 1 }, ids);
        var counts = counter.ExactCounts!;
        Assert.HasCount(3, counts);
        Assert.AreEqual((4L, 5L, 2L), (counts[a], counts[b], counts[c]));
        Assert.AreEqual((a, b, c), (counter.ValueOf(0), counter.ValueOf(1), counter.ValueOf(2)));
    }

    [TestMethod]
    public void SameLengthAndEndsButADifferentMiddleAreDifferentValues()
    {
        // Same length, first and last character: only the middle tells them apart (and may not, for the slot).
        string[] values = ["axb", "ayb", "a\u0000b", "azb"];
        var counter = new CategoryCounter();
        for (var round = 0; round < 3; round++)
            for (var i = 0; i < values.Length; i++) Assert.AreEqual(i, counter.Add(values[i]), $"'{values[i]}' in round {round}");

        foreach (var value in values) Assert.AreEqual(3L, counter.ExactCounts![value]);
    }

    [TestMethod]
    public void ManyValuesInRandomOrderAreCountedExactlyWithIdsOfFirstAppearance()
    {
        // 1,500 distinct values in 256 slots: many share a slot, and the order moves them in and out of it.
        var values = Colliding(750).SelectMany(g => g).ToArray();
        Assert.IsGreaterThan(1_000, values.Length);
        var random = new Random(42);
        var counter = new CategoryCounter();
        var expectedIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var expectedCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < 60_000; i++)
        {
            // Skewed: a few values very often (they stay in their slots), the rest now and then.
            var value = values[random.Next(4) == 0 ? random.Next(values.Length) : random.Next(20)];
            if (!expectedIds.TryGetValue(value, out var expectedId)) expectedIds[value] = expectedId = expectedIds.Count;
            expectedCounts[value] = expectedCounts.GetValueOrDefault(value) + 1;
            var id = counter.Add(value);
            if (id != expectedId) Assert.Fail($"Add #{i} of '{value}' gave id {id}, expected {expectedId}");
        }

        Assert.AreEqual(60_000, counter.Count);
        Assert.AreEqual(expectedIds.Count, counter.DistinctCount);
        Assert.IsTrue(counter.DistinctIsExact);
        var counts = counter.ExactCounts!;
        Assert.HasCount(expectedCounts.Count, counts);
        foreach (var (value, count) in expectedCounts) Assert.AreEqual(count, counts[value], value);
        foreach (var (value, id) in expectedIds) Assert.AreEqual(value, counter.ValueOf(id));
        var top = expectedCounts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(5).Select(p => (p.Key, p.Value)).ToArray();
        CollectionAssert.AreEqual(top, counter.Top(5).ToArray());
    }

    [TestMethod]
    public void ValuesBeyondTheExactLimitGetNoIdWhileKnownValuesKeepTheirs()
    {
        var counter = new CategoryCounter(exactLimit: 3);

        Assert.AreEqual(0, counter.Add("a"));
        Assert.AreEqual(1, counter.Add("b"));
        Assert.AreEqual(2, counter.Add("c"));
        Assert.AreEqual(-1, counter.Add("d"));
        Assert.AreEqual(-1, counter.Add("d"), "a value in the sketch never gets an id");
        Assert.AreEqual(-1, counter.Add("e"));
        Assert.AreEqual(0, counter.Add("a"));
        Assert.AreEqual(2, counter.Add("c"));
        Assert.AreEqual(-1, counter.Add("d"));

        Assert.AreEqual(9, counter.Count);
        Assert.AreEqual(5, counter.DistinctCount);
        Assert.IsNull(counter.ExactCounts);
        CollectionAssert.AreEqual(new[] { ("d", 3L), ("a", 2L), ("c", 2L) }, counter.Top(3).ToArray());
    }

    [TestMethod]
    public void AValueBeyondTheLimitSharingASlotWithAnExactOneDoesNotTakeItsId()
    {
        var group = Colliding(2_000)[0];
        var (known, overflow) = (group[0], group[1]);
        var counter = new CategoryCounter(exactLimit: 1);

        Assert.AreEqual(0, counter.Add(known));
        Assert.AreEqual(-1, counter.Add(overflow));
        Assert.AreEqual(0, counter.Add(known));
        Assert.AreEqual(-1, counter.Add(overflow));
        Assert.AreEqual(-1, counter.Add(overflow));

        CollectionAssert.AreEqual(new[] { (overflow, 3L), (known, 2L) }, counter.Top(2).ToArray());
    }
}
