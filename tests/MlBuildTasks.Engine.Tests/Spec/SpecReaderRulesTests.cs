using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Spec;

/// <summary>Column rules as values or <c>{ value, mostly, severity }</c> objects, and the <c>checks</c> object (SpecReader.Rules/Columns/Checks.cs).</summary>
[TestClass]
public sealed class SpecReaderRulesTests
{
    private static readonly string SpecPath = SpecText.DefaultPath;

    /// <summary>A spec declaring one column "X" on line 6: <c>"X": { <paramref name="rules"/> }</c>.</summary>
    private static string Column(string rules) => DataScans.WithColumns("regression", "Price", "\"X\": { " + rules + " }");

    /// <summary>A spec whose <c>checks</c> object is on line 5: <c>"checks": { <paramref name="checks"/> }</c>.</summary>
    private static string Checks(string checks) => SpecText.Minimal("binary-classification", "Churned", more: "\"checks\": { " + checks + " }");

    private static SourceLocation At(string json, int line, string token)
    {
        var (l, c) = TextPosition.Of(json, line, token);
        return new SourceLocation(SpecPath, l, c);
    }

    private static ColumnSpec X(string rules)
    {
        var diagnostics = new DiagnosticList();
        var spec = SpecText.Parse(Column(rules), diagnostics);
        Assert.IsEmpty(diagnostics.Items, DiagnosticAssert.Describe(diagnostics));
        return spec.FindColumn("X")!;
    }

    /// <summary>Parses a spec that must fail with exactly one error, <paramref name="code"/> at <paramref name="token"/> on <paramref name="line"/>.</summary>
    private static Diagnostic OneError(string json, string code, int line, string token)
    {
        var diagnostics = new DiagnosticList();
        DiagnosticAssert.Throws(() => SpecText.Parse(json, diagnostics), DiagnosticCodes.SpecInvalidValue);
        Assert.HasCount(1, diagnostics.Items, DiagnosticAssert.Describe(diagnostics));
        var at = At(json, line, token);
        DiagnosticAssert.IsError(diagnostics.Items[0], code, at.File, at.Line, at.Column);
        return diagnostics.Items[0];
    }

    [TestMethod]
    public void BareRuleValuesHaveMostlyOneAndSeverityError()
    {
        var json = Column("\"type\": \"number\", \"required\": true, \"min\": 0, \"max\": 9, \"allowed\": [1, 2], \"unique\": true, \"maxMissing\": 0.1");
        var x = SpecText.Parse(json).FindColumn("X")!;

        Assert.AreEqual(new Rule<bool>(true, 1, CheckSeverity.Error, At(json, 6, "\"required\"")), x.Required);
        Assert.AreEqual(new Rule<double>(0, 1, CheckSeverity.Error, At(json, 6, "\"min\"")), x.Min);
        Assert.AreEqual(new Rule<double>(9, 1, CheckSeverity.Error, At(json, 6, "\"max\"")), x.Max);
        Assert.AreEqual(new Rule<bool>(true, 1, CheckSeverity.Error, At(json, 6, "\"unique\"")), x.Unique);
        Assert.AreEqual(new Rule<double>(0.1, 1, CheckSeverity.Error, At(json, 6, "\"maxMissing\"")), x.MaxMissing);
        CollectionAssert.AreEqual(new[] { "1", "2" }, x.Allowed!.Value.ToArray());
        Assert.IsNull(x.Regex);
        Assert.IsNull(x.Outliers);
        Assert.IsNull(x.DateFormat);
    }

    [TestMethod]
    public void RuleObjectHasValueMostlyAndSeverity()
    {
        var json = Column("\"type\": \"number\", \"min\": { \"value\": 0, \"mostly\": 0.99, \"severity\": \"warning\" }, \"allowed\": { \"value\": [\"a\"], \"mostly\": 0.5 }");
        var x = SpecText.Parse(json).FindColumn("X")!;

        Assert.AreEqual(new Rule<double>(0, 0.99, CheckSeverity.Warning, At(json, 6, "\"min\"")), x.Min);
        Assert.AreEqual((0.5, CheckSeverity.Error), (x.Allowed!.Mostly, x.Allowed.Severity));
        CollectionAssert.AreEqual(new[] { "a" }, x.Allowed.Value.ToArray());
    }

    [TestMethod]
    public void RuleObjectWithOnlyAValueIsTheBareValue()
    {
        var min = X("\"min\": { \"value\": 5 }").Min!;
        Assert.AreEqual((5.0, 1.0, CheckSeverity.Error), (min.Value, min.Mostly, min.Severity));
    }

    [TestMethod]
    public void MostlyOfOneIsAllowed() => Assert.AreEqual(1.0, X("\"required\": { \"value\": true, \"mostly\": 1 }").Required!.Mostly);

    [TestMethod]
    public void RuleObjectWithoutValueIsMLB1004AtTheRule()
    {
        var json = Column("\"min\": { \"mostly\": 0.9 }");
        var error = OneError(json, DiagnosticCodes.SpecMissingField, 6, "\"min\"");
        Assert.Contains("Rule 'min' written as an object needs its 'value'", error.Message);
    }

    [TestMethod]
    [DataRow("0")]
    [DataRow("-0.5")]
    [DataRow("1.01")]
    [DataRow("\"0.9\"")]
    [DataRow("null")]
    public void MostlyOutsideZeroToOneIsMLB1005AtTheMostly(string mostly)
    {
        var error = OneError(Column("\"min\": { \"value\": 0, \"mostly\": " + mostly + " }"), DiagnosticCodes.SpecInvalidValue, 6, "\"mostly\"");
        Assert.Contains("'mostly' is the fraction of values that must pass", error.Message);
        Assert.Contains("found " + mostly, error.Message);
    }

    [TestMethod]
    [DataRow("\"fatal\"")]
    [DataRow("\"Warning\"")]
    [DataRow("1")]
    public void UnknownSeverityIsMLB1005AtTheSeverity(string severity)
    {
        var error = OneError(Column("\"min\": { \"value\": 0, \"severity\": " + severity + " }"), DiagnosticCodes.SpecInvalidValue, 6, "\"severity\"");
        Assert.Contains("'severity' must be \"error\" or \"warning\"", error.Message);
    }

    [TestMethod]
    public void UnknownFieldOfARuleObjectIsMLB1003WithASuggestion()
    {
        var error = OneError(Column("\"min\": { \"value\": 0, \"mostley\": 0.9 }"), DiagnosticCodes.SpecUnknownField, 6, "\"mostley\"");
        Assert.Contains("Unknown field 'mostley' in rule 'min'", error.Message);
        Assert.Contains("Did you mean 'mostly'?", error.Message);
    }

    [TestMethod]
    public void BadValueInsideARuleObjectIsMLB1005AtTheValue()
    {
        var error = OneError(Column("\"min\": { \"value\": \"zero\", \"mostly\": 0.9 }"), DiagnosticCodes.SpecInvalidValue, 6, "\"value\"");
        Assert.Contains("'min' must be a number, found \"zero\"", error.Message);
    }

    [TestMethod]
    [DataRow("\"maxMissing\": { \"value\": 0.1, \"mostly\": 0.9 }", "maxMissing")]
    [DataRow("\"unique\": { \"value\": true, \"mostly\": 0.9 }", "unique")]
    public void MostlyOnAColumnRuleCheckedOnceIsMLB1005AtTheMostly(string rule, string field)
    {
        var error = OneError(Column(rule), DiagnosticCodes.SpecInvalidValue, 6, "\"mostly\"");
        Assert.AreEqual($"'mostly' does not apply to '{field}', which is checked once for the whole data set.", error.Message);
    }

    [TestMethod]
    [DataRow("\"minRows\": { \"value\": 10, \"mostly\": 0.9 }", "minRows")]
    [DataRow("\"maxRows\": { \"value\": 10, \"mostly\": 0.9 }", "maxRows")]
    [DataRow("\"maxDuplicateRows\": { \"value\": 0.1, \"mostly\": 0.9 }", "maxDuplicateRows")]
    [DataRow("\"minClassFraction\": { \"value\": 0.1, \"mostly\": 0.9 }", "minClassFraction")]
    [DataRow("\"maxLeakage\": { \"value\": 0.1, \"mostly\": 0.9 }", "maxLeakage")]
    [DataRow("\"maxSkew\": { \"value\": 0.1, \"mostly\": 0.9 }", "maxSkew")]
    public void MostlyOnADataSetCheckIsMLB1005AtTheMostly(string check, string field)
    {
        var error = OneError(Checks(check), DiagnosticCodes.SpecInvalidValue, 5, "\"mostly\"");
        Assert.AreEqual($"'mostly' does not apply to '{field}', which is checked once for the whole data set.", error.Message);
    }

    [TestMethod]
    [DataRow("1.5")]
    [DataRow("-0.1")]
    [DataRow("true")]
    public void MaxMissingThatIsNotAFractionIsMLB1005(string value)
    {
        var error = OneError(Column("\"maxMissing\": " + value), DiagnosticCodes.SpecInvalidValue, 6, "\"maxMissing\"");
        Assert.Contains("'maxMissing' must be a fraction from 0 to 1", error.Message);
    }

    [TestMethod]
    public void RegexIsKept()
    {
        var json = Column("\"regex\": \"^C\\\\d{5}$\"");
        Assert.AreEqual(new Rule<string>("^C\\d{5}$", 1, CheckSeverity.Error, At(json, 6, "\"regex\"")), SpecText.Parse(json).FindColumn("X")!.Regex);
    }

    [TestMethod]
    public void RegexThatDoesNotCompileIsMLB1005AtTheRegex()
    {
        var error = OneError(Column("\"regex\": \"^(C\\\\d+$\""), DiagnosticCodes.SpecInvalidValue, 6, "\"regex\"");
        StringAssert.StartsWith(error.Message, "'regex' is not a valid .NET regular expression: ");
    }

    [TestMethod]
    public void RegexThatDoesNotCompileInARuleObjectIsMLB1005AtItsValue() =>
        OneError(Column("\"regex\": { \"value\": \"[a-\", \"severity\": \"warning\" }"), DiagnosticCodes.SpecInvalidValue, 6, "\"value\"");

    [TestMethod]
    [DataRow("\"\"")]
    [DataRow("5")]
    public void RegexThatIsNotAStringIsMLB1005(string regex) =>
        Assert.Contains("'regex' must be a regular expression string", OneError(Column("\"regex\": " + regex), DiagnosticCodes.SpecInvalidValue, 6, "\"regex\"").Message);

    [TestMethod]
    public void OutliersAsAMethodNameGetTheDefaultThresholdAndAWarningAtOnePercent()
    {
        var iqr = X("\"type\": \"number\", \"outliers\": \"iqr\"");
        Assert.AreEqual((OutlierMethod.Iqr, 0.99, CheckSeverity.Warning, 1.5), (iqr.Outliers!.Value, iqr.Outliers.Mostly, iqr.Outliers.Severity, iqr.OutlierThreshold));
        var z = X("\"type\": \"number\", \"outliers\": \"zscore\"");
        Assert.AreEqual((OutlierMethod.ZScore, 0.99, CheckSeverity.Warning, 3.0), (z.Outliers!.Value, z.Outliers.Mostly, z.Outliers.Severity, z.OutlierThreshold));
    }

    [TestMethod]
    public void OutliersAsAnObjectSetMethodThresholdMostlyAndSeverity()
    {
        var json = Column("\"type\": \"number\", \"outliers\": { \"method\": \"zscore\", \"threshold\": 2.5, \"mostly\": 0.95, \"severity\": \"error\" }");
        var x = SpecText.Parse(json).FindColumn("X")!;
        Assert.AreEqual(new Rule<OutlierMethod>(OutlierMethod.ZScore, 0.95, CheckSeverity.Error, At(json, 6, "\"outliers\"")), x.Outliers);
        Assert.AreEqual(2.5, x.OutlierThreshold);
    }

    [TestMethod]
    public void OutliersObjectWithoutMethodIsIqr()
    {
        var x = X("\"outliers\": { \"threshold\": 3 }");
        Assert.AreEqual((OutlierMethod.Iqr, 3.0, 0.99), (x.Outliers!.Value, x.OutlierThreshold, x.Outliers.Mostly));
    }

    [TestMethod]
    [DataRow("\"median\"")]
    [DataRow("true")]
    [DataRow("{ \"method\": \"mad\" }")]
    public void UnknownOutlierMethodIsMLB1005AtTheOutliers(string outliers) =>
        Assert.Contains("'outliers' must be \"iqr\", \"zscore\" or an object", OneError(Column("\"outliers\": " + outliers), DiagnosticCodes.SpecInvalidValue, 6, "\"outliers\"").Message);

    [TestMethod]
    [DataRow("0")]
    [DataRow("-1")]
    public void OutlierThresholdNotAboveZeroIsMLB1005AtTheThreshold(string threshold) =>
        OneError(Column("\"outliers\": { \"method\": \"iqr\", \"threshold\": " + threshold + " }"), DiagnosticCodes.SpecInvalidValue, 6, "\"threshold\"");

    [TestMethod]
    public void UnknownFieldOfOutliersIsMLB1003() =>
        OneError(Column("\"outliers\": { \"method\": \"iqr\", \"treshold\": 2 }"), DiagnosticCodes.SpecUnknownField, 6, "\"treshold\"");

    [TestMethod]
    public void OutliersOnACategoryColumnIsMLB1005AtTheOutliers() =>
        Assert.Contains("outliers apply to numbers only", OneError(Column("\"type\": \"category\", \"outliers\": \"iqr\""), DiagnosticCodes.SpecInvalidValue, 6, "\"outliers\"").Message);

    [TestMethod]
    public void DateTypeWithAFormat()
    {
        // Ignored: a date feature's format must also be one the model reads (see DateFeaturesTests); a validated-only column's need not.
        var x = X("\"type\": \"date\", \"dateFormat\": \"dd.MM.yyyy\", \"ignore\": true");
        Assert.AreEqual(ColumnType.Date, x.Type);
        Assert.AreEqual("dd.MM.yyyy", x.DateFormat);
    }

    [TestMethod]
    public void DateTypeWithoutAFormatIsIso() => Assert.IsNull(X("\"type\": \"date\"").DateFormat);

    [TestMethod]
    [DataRow("number")]
    [DataRow("text")]
    public void DateFormatOnAnotherTypeIsMLB1005AtTheDateFormat(string type)
    {
        var error = OneError(Column($"\"type\": \"{type}\", \"dateFormat\": \"yyyy-MM-dd\""), DiagnosticCodes.SpecInvalidValue, 6, "\"dateFormat\"");
        Assert.AreEqual($"Column 'X' has a 'dateFormat' but type '{type}'; set \"type\": \"date\".", error.Message);
    }

    [TestMethod]
    public void DateFormatWithoutTypeDateIsMLB1005AtTheDateFormat() =>
        OneError(Column("\"dateFormat\": \"yyyy-MM-dd\""), DiagnosticCodes.SpecInvalidValue, 6, "\"dateFormat\"");

    [TestMethod]
    public void ChecksDefaultToLeakageSkewAndConstantColumnWarnings()
    {
        var json = SpecText.Minimal("binary-classification", "Churned");
        var checks = SpecText.Parse(json).Checks;
        var root = new SourceLocation(SpecPath, 1, 1);

        Assert.AreEqual(new Rule<double>(0.1, 1, CheckSeverity.Warning, root), checks.MaxLeakage);
        Assert.AreEqual(new Rule<double>(0.1, 1, CheckSeverity.Warning, root), checks.MaxSkew);
        Assert.AreEqual(CheckSeverity.Warning, checks.ConstantColumns);
        Assert.IsNull(checks.MinRows);
        Assert.IsNull(checks.MaxRows);
        Assert.IsNull(checks.MaxDuplicateRows);
        Assert.IsNull(checks.MinClassFraction);
        Assert.IsNull(checks.LeakageKey);
    }

    [TestMethod]
    public void EmptyChecksObjectKeepsTheDefaultsAtTheChecksObject()
    {
        var json = Checks("");
        var checks = SpecText.Parse(json).Checks;
        Assert.AreEqual(new Rule<double>(0.1, 1, CheckSeverity.Warning, At(json, 5, "\"checks\"")), checks.MaxLeakage);
        Assert.AreEqual(new Rule<double>(0.1, 1, CheckSeverity.Warning, At(json, 5, "\"checks\"")), checks.MaxSkew);
        Assert.AreEqual(CheckSeverity.Warning, checks.ConstantColumns);
    }

    [TestMethod]
    public void EveryCheckIsRead()
    {
        var json = Checks("\"minRows\": 1000, \"maxRows\": 5000, \"maxDuplicateRows\": 0.01, \"minClassFraction\": 0.05, \"maxLeakage\": 0.05, \"leakageKey\": \"CustomerId\", \"maxSkew\": { \"value\": 0.15, \"severity\": \"error\" }, \"constantColumns\": \"error\"");
        var diagnostics = new DiagnosticList();

        var checks = SpecText.Parse(json, diagnostics).Checks;

        Assert.IsEmpty(diagnostics.Items);
        Assert.AreEqual(new Rule<long>(1000, 1, CheckSeverity.Error, At(json, 5, "\"minRows\"")), checks.MinRows);
        Assert.AreEqual(new Rule<long>(5000, 1, CheckSeverity.Error, At(json, 5, "\"maxRows\"")), checks.MaxRows);
        Assert.AreEqual(new Rule<double>(0.01, 1, CheckSeverity.Error, At(json, 5, "\"maxDuplicateRows\"")), checks.MaxDuplicateRows);
        Assert.AreEqual(new Rule<double>(0.05, 1, CheckSeverity.Error, At(json, 5, "\"minClassFraction\"")), checks.MinClassFraction);
        Assert.AreEqual(new Rule<double>(0.05, 1, CheckSeverity.Warning, At(json, 5, "\"maxLeakage\"")), checks.MaxLeakage);
        Assert.AreEqual("CustomerId", checks.LeakageKey);
        Assert.AreEqual(new Rule<double>(0.15, 1, CheckSeverity.Error, At(json, 5, "\"maxSkew\"")), checks.MaxSkew);
        Assert.AreEqual(CheckSeverity.Error, checks.ConstantColumns);
    }

    [TestMethod]
    public void MaxLeakageCanBeAWarning() =>
        Assert.AreEqual(CheckSeverity.Warning, SpecText.Parse(Checks("\"maxLeakage\": { \"value\": 0.2, \"severity\": \"warning\" }")).Checks.MaxLeakage!.Severity);

    [TestMethod]
    [DataRow("\"warning\"", CheckSeverity.Warning)]
    [DataRow("\"error\"", CheckSeverity.Error)]
    [DataRow("\"off\"", null)]
    public void ConstantColumnsIsWarningErrorOrOff(string value, CheckSeverity? expected) =>
        Assert.AreEqual(expected, SpecText.Parse(Checks("\"constantColumns\": " + value)).Checks.ConstantColumns);

    [TestMethod]
    [DataRow("\"ignore\"")]
    [DataRow("false")]
    public void UnknownConstantColumnsIsMLB1005(string value) =>
        Assert.Contains("'constantColumns' must be \"warning\" (the default), \"error\" or \"off\"", OneError(Checks("\"constantColumns\": " + value), DiagnosticCodes.SpecInvalidValue, 5, "\"constantColumns\"").Message);

    [TestMethod]
    public void MinRowsAboveMaxRowsIsMLB1005AtMaxRows() =>
        Assert.AreEqual("'maxRows' 10 is below 'minRows' 100.", OneError(Checks("\"minRows\": 100, \"maxRows\": 10"), DiagnosticCodes.SpecInvalidValue, 5, "\"maxRows\"").Message);

    [TestMethod]
    public void MinRowsEqualToMaxRowsIsAllowed() =>
        Assert.AreEqual(10L, SpecText.Parse(Checks("\"minRows\": 10, \"maxRows\": 10")).Checks.MaxRows!.Value);

    [TestMethod]
    [DataRow("-1")]
    [DataRow("1.5")]
    [DataRow("\"100\"")]
    public void MinRowsThatIsNotACountIsMLB1005(string value) =>
        Assert.Contains("'minRows' must be a whole number of rows", OneError(Checks("\"minRows\": " + value), DiagnosticCodes.SpecInvalidValue, 5, "\"minRows\"").Message);

    [TestMethod]
    [DataRow("maxDuplicateRows")]
    [DataRow("minClassFraction")]
    [DataRow("maxLeakage")]
    [DataRow("maxSkew")]
    public void FractionCheckAboveOneIsMLB1005(string check) =>
        Assert.Contains($"'{check}' must be a fraction from 0 to 1", OneError(Checks($"\"{check}\": 2"), DiagnosticCodes.SpecInvalidValue, 5, $"\"{check}\"").Message);

    [TestMethod]
    public void MisspelledCheckIsMLB1003WithASuggestion() =>
        Assert.Contains("Did you mean 'minRows'?", OneError(Checks("\"minRow\": 10"), DiagnosticCodes.SpecUnknownField, 5, "\"minRow\"").Message);

    [TestMethod]
    public void ChecksThatAreNotAnObjectIsMLB1005() =>
        OneError(SpecText.Minimal("regression", more: "\"checks\": [1]"), DiagnosticCodes.SpecInvalidValue, 5, "\"checks\"");

    [TestMethod]
    public void EmptyLeakageKeyIsMLB1005() =>
        OneError(Checks("\"leakageKey\": \"\""), DiagnosticCodes.SpecInvalidValue, 5, "\"leakageKey\"");
}
