using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;
using static MlBuildTasks.Engine.Tests.Data.Sources.Sources;

namespace MlBuildTasks.Engine.Tests.Data.Sources;

[TestClass]
public sealed class ConcatenatedRowReaderTests
{
    private static CsvRowReader Csv(string path) => new(SpecFor(SourceFormat.Csv, path));

    [TestMethod]
    public void ReadsSourcesInOrderMappingColumnsByName()
    {
        using var folder = new TempFolder();
        var first = folder.Write("a.csv", "id,name\n1,Ada\n2,Bob\n");
        var second = folder.Write("b.csv", "name,id\n\nCy,3\n");
        var third = folder.Write("c.jsonl", "{\"id\": 4, \"name\": \"Di\"}\n");

        using var reader = new ConcatenatedRowReader([() => Csv(first), () => Csv(second), () => new JsonLinesRowReader(SpecFor(SourceFormat.JsonLines, third))]);

        CollectionAssert.AreEqual(new[] { "id", "name" }, reader.Columns.ToArray());
        var rows = new List<string?[]>();
        var locations = new List<SourceLocation>();
        while (reader.Read())
        {
            rows.Add([reader.GetSpan(0).ToString(), reader.GetSpan(1).ToString()]);
            locations.Add(reader.CellLocation(1));
            Assert.AreEqual(reader.RowLocation.File, reader.Name);
        }

        AreRows([["1", "Ada"], ["2", "Bob"], ["3", "Cy"], ["4", "Di"]], rows);
        CollectionAssert.AreEqual(new[] { new SourceLocation(first, 2, 3), new SourceLocation(first, 3, 3), new SourceLocation(second, 3, 1), new SourceLocation(third, 1, 19) }, locations);
    }

    [TestMethod]
    public void SourcesAreOpenedOneAtATime()
    {
        using var folder = new TempFolder();
        var paths = Enumerable.Range(0, 3).Select(i => folder.Write($"{i}.csv", $"n\n{i}\n")).ToList();
        var opened = new List<string>();
        using var reader = new ConcatenatedRowReader([.. paths.Select(p => (Func<IRowReader>)(() => { opened.Add(p); return Csv(p); }))]);
        CollectionAssert.AreEqual(paths.Take(1).ToList(), opened);
        Assert.IsTrue(reader.Read());
        Assert.IsTrue(reader.Read());
        CollectionAssert.AreEqual(paths.Take(2).ToList(), opened);
    }

    [TestMethod]
    public void ASourceWithOtherColumnsIsMLB2012NamingItAndTheColumns()
    {
        using var folder = new TempFolder();
        var first = folder.Write("a.csv", "id,name,age\n1,Ada,36\n");
        var second = folder.Write("b.csv", "id,fullname,age,city\n2,Bob,40,Bern\n");

        var error = ReadFails(() => new ConcatenatedRowReader([() => Csv(first), () => Csv(second)]), DiagnosticCodes.DataHeadersDiffer);

        DiagnosticAssert.At(error, second, 1, 1);
        Assert.Contains("lacks 'name'", error.Message);
        Assert.Contains("has 'fullname', 'city'", error.Message);
        Assert.Contains(first, error.Message);
    }

    [TestMethod]
    public void OpenReadersAreCheckedAtOnce()
    {
        using var folder = new TempFolder();
        var first = Csv(folder.Write("a.csv", "id,name\n1,Ada\n"));
        var second = Csv(folder.Write("b.csv", "id\n2\n"));
        var error = DiagnosticAssert.Throws(() => new ConcatenatedRowReader(first, second), DiagnosticCodes.DataHeadersDiffer);
        Assert.AreEqual(second.Name, error.File);

        using var same = new ConcatenatedRowReader(Csv(folder.Write("c.csv", "name,id\nCy,3\n")), Csv(folder.Write("d.csv", "id,name\n4,Di\n")));
        AreRows([["Cy", "3"], ["Di", "4"]], ReadAll(same));
    }
}
