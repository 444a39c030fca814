using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Spec;

/// <summary><c>data</c> and <c>testData</c>: a path, a source object or an array of them (SpecReader.Data.cs).</summary>
[TestClass]
public sealed class SpecReaderDataTests
{
    private static readonly string SpecPath = SpecText.DefaultPath;
    private static readonly string Directory = Path.GetDirectoryName(SpecPath)!;

    /// <summary>A regression spec whose <c>data</c> (line 3, value from column 11) is <paramref name="data"/>.</summary>
    private static string WithData(string data, string? more = null) =>
        "{\n  \"task\": \"regression\",\n  \"data\": " + data + ",\n  \"label\": \"Price\"" + (more is null ? "" : ",\n  " + more) + "\n}\n";

    private static SourceLocation At(string json, int line, string token)
    {
        var (l, c) = TextPosition.Of(json, line, token);
        return new SourceLocation(SpecPath, l, c);
    }

    private static string Full(string relative) => Path.GetFullPath(Path.Combine(Directory, relative));

    private static List<Diagnostic> Fails(string json, string expectedCode = DiagnosticCodes.SpecInvalidValue)
    {
        var diagnostics = new DiagnosticList();
        DiagnosticAssert.Throws(() => SpecText.Parse(json, diagnostics), expectedCode);
        return [.. diagnostics.Items];
    }

    private static void IsOnlyError(List<Diagnostic> diagnostics, string code, SourceLocation at, string message)
    {
        Assert.HasCount(1, diagnostics, string.Join("\n", diagnostics));
        DiagnosticAssert.IsError(diagnostics[0], code, at.File, at.Line, at.Column);
        Assert.Contains(message, diagnostics[0].Message);
    }

    [TestMethod]
    [DataRow("data/churn.csv", SourceFormat.Csv)]
    [DataRow("data/churn.CSV", SourceFormat.Csv)]
    [DataRow("data/churn.tsv", SourceFormat.Tsv)]
    [DataRow("data/churn.tab", SourceFormat.Tsv)]
    [DataRow("data/churn.jsonl", SourceFormat.JsonLines)]
    [DataRow("data/churn.ndjson", SourceFormat.JsonLines)]
    [DataRow("data/churn.json", SourceFormat.JsonArray)]
    [DataRow("data/churn.parquet", SourceFormat.Parquet)]
    [DataRow("data/churn.txt", SourceFormat.Csv)]
    [DataRow("data/2024-*.csv", SourceFormat.Csv)]
    public void PathStringTakesItsFormatFromTheExtension(string path, SourceFormat format)
    {
        var json = WithData($"\"{path}\"");
        var spec = SpecText.Parse(json);
        Assert.AreEqual(new SourceSpec(format, Full(path), At(json, 3, "\"data\"")), spec.Data.Single());
    }

    [TestMethod]
    public void SourceObjectReadsEveryCsvOption()
    {
        var json = WithData("{ \"path\": \"data/export.txt\", \"format\": \"tsv\", \"delimiter\": \";\", \"quote\": \"'\", \"header\": false, \"columnNames\": [\"Id\", \"Age\", \"Price\"], \"culture\": \"de-DE\" }");
        var diagnostics = new DiagnosticList();

        var source = SpecText.Parse(json, diagnostics).Data.Single();

        Assert.IsEmpty(diagnostics.Items);
        Assert.AreEqual(SourceFormat.Tsv, source.Format);
        Assert.AreEqual(Full("data/export.txt"), source.Path);
        Assert.AreEqual(At(json, 3, "\"data\""), source.DeclaredAt);
        Assert.AreEqual(';', source.Delimiter);
        Assert.AreEqual('\'', source.Quote);
        Assert.IsFalse(source.HasHeader);
        CollectionAssert.AreEqual(new[] { "Id", "Age", "Price" }, source.ColumnNames!.ToArray());
        Assert.AreEqual("de-DE", source.Culture);
        Assert.AreEqual("de-DE", source.NumberCulture.Name);
        Assert.IsNull(source.Query);
    }

    [TestMethod]
    public void SourceObjectDefaultsAreAHeaderAndTheInvariantCulture()
    {
        var source = SpecText.Parse(WithData("{ \"path\": \"d.csv\" }")).Data.Single();
        Assert.AreEqual(new SourceSpec(SourceFormat.Csv, Full("d.csv"), source.DeclaredAt), source);
        Assert.IsTrue(source.HasHeader);
        Assert.AreEqual(System.Globalization.CultureInfo.InvariantCulture, source.NumberCulture);
    }

    [TestMethod]
    public void SourceObjectWithoutFormatTakesItFromThePath() =>
        Assert.AreEqual(SourceFormat.Parquet, SpecText.Parse(WithData("{ \"path\": \"d.parquet\" }")).Data.Single().Format);

    [TestMethod]
    [DataRow("\"\\t\"")]
    [DataRow("\"\\\\t\"")]
    public void TabDelimiterIsWrittenAsAnEscape(string delimiter) =>
        Assert.AreEqual('\t', SpecText.Parse(WithData("{ \"path\": \"d.txt\", \"delimiter\": " + delimiter + " }")).Data.Single().Delimiter);

    [TestMethod]
    public void ArrayOfSourcesIsReadInOrderEachAtItsElement()
    {
        var json = WithData("[\n    \"data/january.jsonl\",\n    { \"path\": \"data/february.csv\", \"delimiter\": \";\" }\n  ]");

        var data = SpecText.Parse(json).Data;

        Assert.HasCount(2, data);
        Assert.AreEqual(new SourceSpec(SourceFormat.JsonLines, Full("data/january.jsonl"), At(json, 4, "\"data/january.jsonl\"")), data[0]);
        Assert.AreEqual(SourceFormat.Csv, data[1].Format);
        Assert.AreEqual(At(json, 5, "{"), data[1].DeclaredAt);
        Assert.AreEqual(';', data[1].Delimiter);
    }

    [TestMethod]
    public void TestDataIsReadLikeData()
    {
        var spec = SpecText.Parse(WithData("\"train.csv\"", "\"testData\": [ \"test-a.csv\", \"test-b.csv\" ]"));
        CollectionAssert.AreEqual(new[] { Full("test-a.csv"), Full("test-b.csv") }, spec.TestData!.Select(s => s.Path).ToArray());
    }

    [TestMethod]
    public void EmptyArrayIsMLB1005AtTheField()
    {
        var json = WithData("[]");
        IsOnlyError(Fails(json), DiagnosticCodes.SpecInvalidValue, At(json, 3, "\"data\""), "'data' is an empty array");
    }

    [TestMethod]
    [DataRow("42", "found 42")]
    [DataRow("\"\"", "found \"\"")]
    [DataRow("null", "found null")]
    public void SourceThatIsNeitherAPathNorAnObjectIsMLB1005(string data, string found)
    {
        var json = WithData(data);
        IsOnlyError(Fails(json), DiagnosticCodes.SpecInvalidValue, At(json, 3, "\"data\""), found);
    }

    [TestMethod]
    public void BadElementOfAnArrayIsMLB1005AtThatElement()
    {
        var json = WithData("[\n    \"a.csv\",\n    7\n  ]");
        IsOnlyError(Fails(json), DiagnosticCodes.SpecInvalidValue, At(json, 5, "7"), "A data source must be a file path or an object");
    }

    [TestMethod]
    public void MisspelledSourceFieldIsMLB1003WithASuggestion()
    {
        var json = WithData("{ \"path\": \"d.csv\", \"delimeter\": \";\" }");
        IsOnlyError(Fails(json), DiagnosticCodes.SpecUnknownField, At(json, 3, "\"delimeter\""), "Did you mean 'delimiter'?");
    }

    [TestMethod]
    public void UnknownFormatIsMLB1005AtTheFormatWithASuggestion()
    {
        var json = WithData("{ \"path\": \"d.xlsx\", \"format\": \"parqet\" }");
        var errors = Fails(json);
        IsOnlyError(errors, DiagnosticCodes.SpecInvalidValue, At(json, 3, "\"format\""), "Unknown source format 'parqet'. Expected one of: csv, tsv, jsonl, json, parquet, sqlite, postgres.");
        Assert.Contains("Did you mean 'parquet'?", errors[0].Message);
    }

    [TestMethod]
    [DataRow("\";;\"")]
    [DataRow("\"\"")]
    public void DelimiterThatIsNotOneCharacterIsMLB1005AtTheDelimiter(string delimiter)
    {
        var json = WithData("{ \"path\": \"d.csv\", \"delimiter\": " + delimiter + " }");
        var errors = Fails(json);
        Assert.HasCount(1, errors, string.Join("\n", errors));
        DiagnosticAssert.IsError(errors[0], DiagnosticCodes.SpecInvalidValue, SpecPath, 3, TextPosition.Of(json, 3, "\"delimiter\"").Column);
    }

    [TestMethod]
    [DataRow("\"header\": \"no\"", "\"header\"")]
    [DataRow("\"columnNames\": []", "\"columnNames\"")]
    [DataRow("\"columnNames\": [\"a\", 1]", "\"columnNames\"")]
    [DataRow("\"columnNames\": [\"a\", \"\"]", "\"columnNames\"")]
    public void BadHeaderOrColumnNamesIsMLB1005AtThatField(string field, string token)
    {
        var json = WithData("{ \"path\": \"d.csv\", " + field + " }");
        var errors = Fails(json);
        Assert.HasCount(1, errors, string.Join("\n", errors));
        var at = At(json, 3, token);
        DiagnosticAssert.IsError(errors[0], DiagnosticCodes.SpecInvalidValue, at.File, at.Line, at.Column);
    }

    [TestMethod]
    [DataRow("xx-XX")]
    [DataRow("german")]
    public void UnknownCultureIsMLB1005AtTheCulture(string culture)
    {
        var json = WithData("{ \"path\": \"d.csv\", \"culture\": \"" + culture + "\" }");
        IsOnlyError(Fails(json), DiagnosticCodes.SpecInvalidValue, At(json, 3, "\"culture\""), $"Unknown culture '{culture}'");
    }

    [TestMethod]
    public void FileSourceWithoutPathIsMLB1004AtTheSource()
    {
        var json = WithData("{ \"format\": \"csv\", \"delimiter\": \";\" }");
        IsOnlyError(Fails(json), DiagnosticCodes.SpecMissingField, At(json, 3, "\"data\""), "Missing required field 'path' in a csv source");
    }

    [TestMethod]
    public void QueryOnAFileSourceIsMLB1005AtTheQuery()
    {
        var json = WithData("{ \"path\": \"d.csv\", \"query\": \"SELECT 1\" }");
        IsOnlyError(Fails(json), DiagnosticCodes.SpecInvalidValue, At(json, 3, "\"query\""), "'query' applies to database sources only");
    }

    [TestMethod]
    public void SqliteSourceHasAPathAndAQuery()
    {
        var json = WithData("{ \"format\": \"sqlite\", \"path\": \"data/housing.db\", \"query\": \"SELECT * FROM houses\" }");
        var source = SpecText.Parse(json).Data.Single();
        Assert.AreEqual(new SourceSpec(SourceFormat.Sqlite, Full("data/housing.db"), At(json, 3, "\"data\""), Query: "SELECT * FROM houses"), source);
    }

    [TestMethod]
    public void SqliteFormatComesFromTheExtensionToo() =>
        Assert.AreEqual(SourceFormat.Sqlite, SpecText.Parse(WithData("{ \"path\": \"h.sqlite3\", \"query\": \"SELECT 1\" }")).Data.Single().Format);

    [TestMethod]
    public void SqliteSourceWithoutQueryIsMLB1004AtTheSource()
    {
        var json = WithData("{ \"format\": \"sqlite\", \"path\": \"h.db\" }");
        IsOnlyError(Fails(json), DiagnosticCodes.SpecMissingField, At(json, 3, "\"data\""), "Missing required field 'query' in a database source");
    }

    [TestMethod]
    public void SqliteSourceWithoutPathIsMLB1004AtTheSource()
    {
        var json = WithData("{ \"format\": \"sqlite\", \"query\": \"SELECT 1\" }");
        IsOnlyError(Fails(json), DiagnosticCodes.SpecMissingField, At(json, 3, "\"data\""), "Missing required field 'path' in a sqlite source");
    }

    [TestMethod]
    public void PostgresSourceNamesTheEnvironmentVariableOfItsConnection()
    {
        var json = WithData("{ \"format\": \"postgres\", \"connectionEnv\": \"HOUSING_DB\", \"query\": \"SELECT * FROM houses\" }");
        var diagnostics = new DiagnosticList();

        var source = SpecText.Parse(json, diagnostics).Data.Single();

        Assert.IsEmpty(diagnostics.Items);
        Assert.AreEqual(new SourceSpec(SourceFormat.Postgres, null, At(json, 3, "\"data\""), Query: "SELECT * FROM houses", ConnectionEnvironmentVariable: "HOUSING_DB"), source);
    }

    [TestMethod]
    public void PostgresSourceWithoutQueryIsMLB1004()
    {
        var json = WithData("{ \"format\": \"postgres\", \"connectionEnv\": \"DB\" }");
        IsOnlyError(Fails(json), DiagnosticCodes.SpecMissingField, At(json, 3, "\"data\""), "'query'");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("\"connectionEnv\": \"DB\", \"connection\": \"Host=db;Database=h\", ")]
    public void PostgresSourceNeedsExactlyOneOfConnectionAndConnectionEnv(string connection)
    {
        var json = WithData("{ \"format\": \"postgres\", " + connection + "\"query\": \"SELECT 1\" }");
        IsOnlyError(Fails(json), DiagnosticCodes.SpecMissingField, At(json, 3, "\"data\""), "needs exactly one of 'connectionEnv'");
    }

    [TestMethod]
    public void ConnectionWithoutAPasswordIsAccepted()
    {
        var diagnostics = new DiagnosticList();
        var source = SpecText.Parse(WithData("{ \"format\": \"postgres\", \"connection\": \"Host=db;Database=h;Username=ml\", \"query\": \"SELECT 1\" }"), diagnostics).Data.Single();
        Assert.IsEmpty(diagnostics.Items);
        Assert.AreEqual("Host=db;Database=h;Username=ml", source.Connection);
    }

    [TestMethod]
    [DataRow("Host=db;Username=ml;Password=secret")]
    [DataRow("host=db;PASSWORD=secret")]
    public void ConnectionWithAPasswordIsAnMLB1011WarningAndTheSpecStillLoads(string connection)
    {
        var json = WithData("{ \"format\": \"postgres\", \"connection\": \"" + connection + "\", \"query\": \"SELECT 1\" }");
        var diagnostics = new DiagnosticList();

        var spec = SpecText.Parse(json, diagnostics);

        var warning = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecSecretInSpec);
        Assert.HasCount(1, diagnostics.Items);
        Assert.AreEqual(Severity.Warning, warning.Severity);
        DiagnosticAssert.At(warning, SpecPath, 3, TextPosition.Of(json, 3, "\"connection\"").Column);
        Assert.Contains("'connectionEnv'", warning.Message);
        Assert.DoesNotContain("secret", warning.Message);
        Assert.AreEqual(connection, spec.Data.Single().Connection);
    }

    [TestMethod]
    public void MissingDataIsMLB1004AtTheRoot()
    {
        var errors = Fails("{\n  \"task\": \"regression\",\n  \"label\": \"Price\"\n}\n");
        IsOnlyError(errors, DiagnosticCodes.SpecMissingField, new SourceLocation(SpecPath, 1, 1), "Missing required field 'data'");
    }

    [TestMethod]
    public void EveryBadSourceIsReported()
    {
        var json = WithData("[\n    { \"path\": \"a.csv\", \"culture\": \"xx-XX\" },\n    { \"format\": \"sqlite\", \"path\": \"b.db\" }\n  ]");
        var errors = Fails(json);
        DiagnosticAssert.Codes(ToList(errors), DiagnosticCodes.SpecInvalidValue, DiagnosticCodes.SpecMissingField);
        Assert.AreEqual(4, errors[0].Line);
        Assert.AreEqual(At(json, 5, "{"), new SourceLocation(errors[1].File!, errors[1].Line, errors[1].Column));
    }

    private static DiagnosticList ToList(IEnumerable<Diagnostic> diagnostics)
    {
        var list = new DiagnosticList();
        foreach (var d in diagnostics) list.Report(d);
        return list;
    }
}
