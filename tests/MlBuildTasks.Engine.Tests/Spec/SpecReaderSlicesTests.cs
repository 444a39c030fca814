using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Spec;

/// <summary><c>slices</c>: read and checked at their line, in the spec and, for the columns, against the data's header.</summary>
[TestClass]
public sealed class SpecReaderSlicesTests
{
    private static string Spec(string slices) =>
        "{\n  \"task\": \"binary-classification\",\n  \"data\": \"data.csv\",\n  \"label\": \"Churned\",\n  \"slices\": [\n" + slices + "\n  ]\n}\n";

    private static Diagnostic Fails(string json, string code)
    {
        var diagnostics = new DiagnosticList();
        DiagnosticAssert.Throws(() => SpecText.Parse(json, diagnostics), DiagnosticCodes.SpecInvalidValue);
        return DiagnosticAssert.Single(diagnostics, code);
    }

    [TestMethod]
    public void NamesAndObjectsAreRead()
    {
        var json = Spec("    \"Contract\",\n    { \"column\": \"Tenure\", \"bins\": [12, 24, 48] },\n    { \"column\": \"Age\" }");

        var slices = SpecText.Parse(json).Slices!;

        Assert.HasCount(3, slices);
        Assert.AreEqual(("Contract", (IReadOnlyList<double>?)null), (slices[0].Column, slices[0].Bins));
        CollectionAssert.AreEqual(new[] { 12.0, 24, 48 }, slices[1].Bins!.ToArray());
        Assert.IsNull(slices[2].Bins, "a number column without bins is cut at its quartiles");
        Assert.AreEqual((7, 5), (slices[1].Location.Line, slices[1].Location.Column));
    }

    [TestMethod]
    public void NoSlicesIsAnEmptyList() => Assert.IsEmpty(SpecText.Parse(SpecText.Minimal("regression")).Slices!);

    [TestMethod]
    public void BinsNotAscendingAreReportedAtTheEdgeOutOfOrder()
    {
        var json = Spec("    \"Contract\",\n    { \"column\": \"Tenure\", \"bins\": [12, 48, 24] }");

        var error = Fails(json, DiagnosticCodes.SpecInvalidValue);

        DiagnosticAssert.At(error, SpecText.DefaultPath, TextPosition.Of(json, 7, "24").Line, TextPosition.Of(json, 7, "24").Column);
        StringAssert.Contains(error.Message, "ascending");
    }

    [TestMethod]
    public void ARepeatedEdgeIsNotAscending()
    {
        var json = Spec("    { \"column\": \"Tenure\", \"bins\": [12, 12] }");

        var error = Fails(json, DiagnosticCodes.SpecInvalidValue);

        Assert.AreEqual(TextPosition.Of(json, 6, "12]"), (error.Line, error.Column));
    }

    [TestMethod]
    [DataRow("    { \"column\": \"Tenure\", \"bins\": [] }")]
    [DataRow("    { \"column\": \"Tenure\", \"bins\": [12, \"24\"] }")]
    [DataRow("    { \"column\": \"Tenure\", \"bins\": 12 }")]
    public void BinsMustBeNumbers(string slice)
    {
        var json = Spec(slice);

        var error = Fails(json, DiagnosticCodes.SpecInvalidValue);

        Assert.AreEqual(TextPosition.Of(json, 6, "\"bins\""), (error.Line, error.Column));
    }

    [TestMethod]
    public void AnUnknownFieldAndAMissingColumnAreReported()
    {
        var json = Spec("    { \"column\": \"Tenure\", \"bin\": [12] },\n    { \"bins\": [12] }");
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => SpecText.Parse(json, diagnostics), DiagnosticCodes.SpecInvalidValue);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecUnknownField, DiagnosticCodes.SpecMissingField);
        Assert.AreEqual(TextPosition.Of(json, 6, "\"bin\""), (diagnostics.Items[0].Line, diagnostics.Items[0].Column));
        StringAssert.Contains(diagnostics.Items[0].Message, "Did you mean 'bins'?");
        Assert.AreEqual(TextPosition.Of(json, 7, "{"), (diagnostics.Items[1].Line, diagnostics.Items[1].Column));
    }

    [TestMethod]
    [DataRow("    \"Churned\"", "is the label")]
    [DataRow("    \"Contract\",\n    \"Contract\"", "sliced twice")]
    [DataRow("    42", "must be a column name")]
    public void BadSlicesAreReportedAtTheirLine(string slices, string message)
    {
        var json = Spec(slices);

        var error = Fails(json, DiagnosticCodes.SpecInvalidValue);

        Assert.AreEqual(5 + slices.Split('\n').Length, error.Line);
        StringAssert.Contains(error.Message, message);
    }

    [TestMethod]
    public void SlicesMustBeAnArray()
    {
        var error = Fails(SpecText.Minimal("regression", more: "\"slices\": \"Contract\""), DiagnosticCodes.SpecInvalidValue);

        Assert.AreEqual((5, 3), (error.Line, error.Column));
    }

    [TestMethod]
    public void AColumnNotInTheDataIsReportedAtItsSlice()
    {
        var json = Spec("    \"Contract\",\n    \"Tenur\"");
        var spec = SpecText.Parse(json);
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => ResolvedSchema.Resolve(spec, ["Contract", "Tenure", "Churned"], _ => ["1"], diagnostics), DiagnosticCodes.SpecColumnNotInData);

        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecColumnNotInData);
        DiagnosticAssert.IsError(error, DiagnosticCodes.SpecColumnNotInData, SpecText.DefaultPath, 7, 5);
        StringAssert.Contains(error.Message, "Did you mean 'Tenure'?");
    }

    [TestMethod]
    [DataRow("{ \"column\": \"Contract\", \"bins\": [1] }", "no 'bins'", "\"bins\"")]
    [DataRow("\"Notes\"", "text column", "\"Notes\"")]
    [DataRow("\"Id\"", "ignored", "\"Id\"")]
    public void AColumnThatCannotBeSlicedIsReportedOnceItsTypeIsKnown(string slice, string message, string at)
    {
        var json = Spec("    " + slice).Replace("\"slices\"", "\"columns\": { \"Contract\": { \"type\": \"category\" }, \"Notes\": { \"type\": \"text\" }, \"Id\": { \"ignore\": true } },\n  \"slices\"", StringComparison.Ordinal);
        var spec = SpecText.Parse(json);
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => ResolvedSchema.Resolve(spec, ["Contract", "Notes", "Id", "Churned"], _ => ["x"], diagnostics), DiagnosticCodes.SpecInvalidValue);

        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecInvalidValue);
        StringAssert.Contains(error.Message, message);
        Assert.AreEqual(TextPosition.Of(json, 7, at), (error.Line, error.Column));
    }
}
