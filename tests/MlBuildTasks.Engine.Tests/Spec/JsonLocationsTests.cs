using System.Text;
using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Tests.Spec;

[TestClass]
public sealed class JsonLocationsTests
{
    private const string File = "spec.json";
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static JsonLocations Map(string json) => JsonLocations.Map(File, Encoding.UTF8.GetBytes(json), Options);

    private static void AssertAt(JsonLocations map, string pointer, int line, int column) =>
        Assert.AreEqual(new SourceLocation(File, line, column), map.At(pointer), pointer);

    [TestMethod]
    public void NestedPropertiesAndArrayElementsHaveTheirOwnPositions()
    {
        var map = Map("""
            {
              "a": {
                "b": [10, { "c": 1 }, [true]]
              },
              "d": 2
            }
            """);

        AssertAt(map, "", 1, 1);
        AssertAt(map, "/a", 2, 3);
        AssertAt(map, "/a/b", 3, 5);
        AssertAt(map, "/a/b/0", 3, 11);
        AssertAt(map, "/a/b/1", 3, 15);
        AssertAt(map, "/a/b/1/c", 3, 17);
        AssertAt(map, "/a/b/2", 3, 27);
        AssertAt(map, "/a/b/2/0", 3, 28);
        AssertAt(map, "/d", 5, 3);
    }

    [TestMethod]
    public void ArrayOfObjectsCountsItsElements()
    {
        var map = Map("{\"gates\": [\n  {\"metric\": \"auc\"},\n  {\"metric\": \"f1\", \"min\": 0.5}\n]}");
        AssertAt(map, "/gates/0", 2, 3);
        AssertAt(map, "/gates/1", 3, 3);
        AssertAt(map, "/gates/1/metric", 3, 4);
        AssertAt(map, "/gates/1/min", 3, 20);
    }

    [TestMethod]
    public void CommentsDoNotShiftPositions()
    {
        var map = Map("""
            // leading comment
            {
              /* block
                 comment */ "a": 1, // trailing
              "b": /* inline */ 2
            }
            """);

        AssertAt(map, "", 2, 1);
        AssertAt(map, "/a", 4, 17);
        AssertAt(map, "/b", 5, 3);
    }

    [TestMethod]
    public void ColumnsCountCharactersNotUtf8Bytes()
    {
        // 'é', 'ü' and '€' take 2, 2 and 3 bytes in UTF-8 but one column each.
        var map = Map("{\n  \"é\": \"ü€\", \"d\": 2,\n  \"x\": [\"€€\", 5]\n}");
        AssertAt(map, "/é", 2, 3);
        AssertAt(map, "/d", 2, 14);
        AssertAt(map, "/x/1", 3, 15);
    }

    [TestMethod]
    public void CrLfLineEndsCountAsOneLine()
    {
        var map = Map("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}\r\n");
        AssertAt(map, "/a", 2, 3);
        AssertAt(map, "/b", 3, 3);
    }

    [TestMethod]
    public void KeysWithSlashAndTildeAreEscapedInPointers()
    {
        var map = Map("{\n  \"columns\": {\n    \"a/b\": 1,\n    \"m~n\": 2\n  }\n}");
        Assert.AreEqual("a~1b", JsonLocations.Escape("a/b"));
        Assert.AreEqual("m~0n", JsonLocations.Escape("m~n"));
        AssertAt(map, "/columns/" + JsonLocations.Escape("a/b"), 3, 5);
        AssertAt(map, "/columns/" + JsonLocations.Escape("m~n"), 4, 5);
    }

    [TestMethod]
    public void UnknownPointerFallsBackToItsNearestAncestor()
    {
        var map = Map("{\n  \"columns\": {\n    \"Age\": { \"min\": 1 }\n  }\n}");
        AssertAt(map, "/columns/Age/max", 3, 5);
        AssertAt(map, "/columns/Other", 2, 3);
        AssertAt(map, "/nothing/here", 1, 1);
    }

    [TestMethod]
    public void EmptyMapPointsAtTheStartOfTheFile() =>
        Assert.AreEqual(new SourceLocation(File, 1, 1), new JsonLocations(File).At("/a/b"));

    [TestMethod]
    public void PositionConvertsByteOffsetsToLineAndCharacterColumn()
    {
        var utf8 = Encoding.UTF8.GetBytes("ab\nçd\nef");
        var starts = JsonLocations.LineStarts(utf8);
        CollectionAssert.AreEqual(new[] { 0, 3, 7 }, starts.ToArray());
        Assert.AreEqual((1, 1), JsonLocations.Position(starts, utf8, 0));
        Assert.AreEqual((2, 2), JsonLocations.Position(starts, utf8, 5));
        Assert.AreEqual((3, 2), JsonLocations.Position(starts, utf8, 8));
    }
}
