using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;
using Parquet;
using Parquet.Schema;
using static MlBuildTasks.Engine.Tests.Data.Sources.Sources;

namespace MlBuildTasks.Engine.Tests.Data.Sources;

[TestClass]
public sealed class ParquetRowReaderTests
{
    private static ParquetRowReader Open(string path) => new(SpecFor(SourceFormat.Parquet, path));

    /// <summary>Writes a Parquet file; each call of <paramref name="writeGroup"/> writes one row group.</summary>
    private static async Task<string> Write(TempFolder folder, ParquetSchema schema, params Func<ParquetRowGroupWriter, Task>[] groups)
    {
        var path = folder.Combine("data.parquet");
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        foreach (var writeGroup in groups)
        {
            using var group = writer.CreateRowGroup();
            await writeGroup(group);
        }

        return path;
    }

    [TestMethod]
    public async Task ReadsFlatColumnsRowGroupByRowGroupWithInvariantText()
    {
        using var folder = new TempFolder();
        var schema = new ParquetSchema(
            new DataField<int>("id"), new DataField<double?>("x"), new DataField<string>("name"), new DataField<bool?>("ok"),
            new DataField<DateTime>("at"), new DataField<decimal>("price"), new DataField<long?>("big"), new DataField<float>("f"));
        var at = new DateTime(2024, 3, 1, 12, 30, 15, 250);
        var path = await Write(folder, schema,
            async g =>
            {
                await g.WriteAsync<int>(schema.DataFields[0], new[] { 1, 2 });
                await g.WriteAsync<double>(schema.DataFields[1], new double?[] { 0.1, null });
                await g.WriteAsync(schema.DataFields[2], new string?[] { "Zoë", null });
                await g.WriteAsync<bool>(schema.DataFields[3], new bool?[] { true, false });
                await g.WriteAsync<DateTime>(schema.DataFields[4], new[] { at, at.AddDays(1) });
                await g.WriteAsync<decimal>(schema.DataFields[5], new[] { 12.50m, -3m });
                await g.WriteAsync<long>(schema.DataFields[6], new long?[] { long.MaxValue, null });
                await g.WriteAsync<float>(schema.DataFields[7], new[] { 0.1f, 1e-7f });
            },
            async g =>
            {
                await g.WriteAsync<int>(schema.DataFields[0], new[] { 3 });
                await g.WriteAsync<double>(schema.DataFields[1], new double?[] { 1.7976931348623157E+308 });
                await g.WriteAsync(schema.DataFields[2], new string?[] { "" });
                await g.WriteAsync<bool>(schema.DataFields[3], new bool?[] { null });
                await g.WriteAsync<DateTime>(schema.DataFields[4], new[] { at });
                await g.WriteAsync<decimal>(schema.DataFields[5], new[] { 0m });
                await g.WriteAsync<long>(schema.DataFields[6], new long?[] { -1 });
                await g.WriteAsync<float>(schema.DataFields[7], new[] { 3f });
            });

        using var reader = Open(path);

        Assert.AreEqual(path, reader.Name);
        CollectionAssert.AreEqual(new[] { "id", "x", "name", "ok", "at", "price", "big", "f" }, reader.Columns.ToArray());
        var rows = new List<string?[]>();
        var lines = new List<int>();
        while (reader.Read())
        {
            lines.Add(reader.RowLocation.Line);
            rows.Add([.. Enumerable.Range(0, 8).Select(i => reader.IsMissing(i) ? null : reader.GetSpan(i).ToString())]);
        }

        AreRows(
        [
            ["1", "0.1", "Zoë", "true", "2024-03-01T12:30:15.2500000", "12.5", "9223372036854775807", "0.1"],
            ["2", null, null, "false", "2024-03-02T12:30:15.2500000", "-3", null, "1E-07"],
            ["3", "1.7976931348623157E+308", "", null, "2024-03-01T12:30:15.2500000", "0", "-1", "3"],
        ], rows);
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, lines);
        Assert.AreEqual(new SourceLocation(path, 3, 0), reader.CellLocation(2));
    }

    [TestMethod]
    public async Task DatesAreIsoDatesAndBinaryIsBase64()
    {
        using var folder = new TempFolder();
        var schema = new ParquetSchema(new DataField<DateOnly>("day"), new DataField<byte[]>("blob"));
        var path = await Write(folder, schema, async g =>
        {
            await g.WriteAsync<DateOnly>(schema.DataFields[0], new[] { new DateOnly(2024, 2, 29) });
            await g.WriteAsync(schema.DataFields[1], new byte[]?[] { [1, 2, 3] });
        });
        using var reader = Open(path);
        AreRows([["2024-02-29", "AQID"]], ReadAll(reader));
    }

    [TestMethod]
    public async Task ManyRowGroupsAreReadInOrderWithRowNumbers()
    {
        using var folder = new TempFolder();
        var schema = new ParquetSchema(new DataField<int>("n"));
        var groups = Enumerable.Range(0, 5).Select(g => (Func<ParquetRowGroupWriter, Task>)(async w =>
            await w.WriteAsync<int>(schema.DataFields[0], Enumerable.Range(g * 100, g == 2 ? 0 : 100).ToArray()))).ToArray();
        using var reader = Open(await Write(folder, schema, groups));
        var values = new List<int>();
        var lines = new List<int>();
        while (reader.Read())
        {
            values.Add(int.Parse(reader.GetSpan(0), provider: System.Globalization.CultureInfo.InvariantCulture));
            lines.Add(reader.RowLocation.Line);
        }

        CollectionAssert.AreEqual(Enumerable.Range(0, 500).Where(v => v is < 200 or >= 300).ToArray(), values);
        CollectionAssert.AreEqual(Enumerable.Range(1, 400).ToArray(), lines);
    }

    public sealed class WithList
    {
        public int Id { get; set; }

        public List<string> Tags { get; set; } = [];
    }

    public sealed class Address
    {
        public string City { get; set; } = "";
    }

    public sealed class WithStruct
    {
        public int Id { get; set; }

        public Address Home { get; set; } = new();
    }

    [TestMethod]
    public async Task ANestedSchemaIsMLB2004()
    {
        using var folder = new TempFolder();
        var list = folder.Combine("list.parquet");
        await Parquet.Serialization.ParquetSerializer.SerializeAsync(new[] { new WithList { Id = 1, Tags = ["a", "b"] } }, list);
        var error = ReadFails(() => Open(list), DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, list, 0, 0);
        Assert.Contains("'Tags' is a list", error.Message);

        var nested = folder.Combine("struct.parquet");
        await Parquet.Serialization.ParquetSerializer.SerializeAsync(new[] { new WithStruct { Id = 1, Home = new Address { City = "Bern" } } }, nested);
        Assert.Contains("'Home' is a struct", ReadFails(() => Open(nested), DiagnosticCodes.DataMalformed).Message);
    }

    [TestMethod]
    public void AFileThatIsNotParquetIsMLB2004()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.parquet", "id,name\n1,a\n");
        var error = ReadFails(() => Open(path), DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 0, 0);
        Assert.Contains("not a readable Parquet file", error.Message);
    }

    [TestMethod]
    public void EmptyFileIsMLB2002AndMissingFileMLB2001()
    {
        using var folder = new TempFolder();
        var empty = folder.Write("data.parquet", "");
        DiagnosticAssert.At(ReadFails(() => Open(empty), DiagnosticCodes.DataFileEmpty), empty, 0, 0);
        DiagnosticAssert.At(ReadFails(() => Open(folder.Combine("nope.parquet")), DiagnosticCodes.DataFileNotFound), DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
    }
}
