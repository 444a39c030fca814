namespace MlBuildTasks.Runtime.Tests.Inputs;

[TestClass]
public sealed class InputCheckTests
{
    // Positions in the signature's inputs, as the generated ToRow passes them.
    private const int Age = 0, Income = 1, Contract = 2, City = 3, Active = 4, Note = 5, SignupDate = 6, LastSeen = 7, Seen = 8;

    private static readonly ModelSignature Signature = new(
        1, "ChurnModel", "binary-classification",
        new SignatureLabel("Churned", "boolean", ["false", "true"], "true"),
        [
            new SignatureInput("Age (years)", "Age_years", "number", "Single", Required: true,
                Range: new NumberRange(0, 72), ValidRange: new NumberRange(0, 120)),
            new SignatureInput("Income", "Income", "number", "Single", Required: false, Range: new NumberRange(0, 1000)),
            new SignatureInput("Contract", "Contract", "category", "String", Required: true,
                Categories: new CategoryDomain(["Month-to-month", "One year", "Two year"], Complete: true, Distinct: 3, Source: "spec")),
            new SignatureInput("City", "City", "category", "String", Required: false,
                Categories: new CategoryDomain(["Berlin", "Paris"], Complete: false, Distinct: 140, Source: "training data")),
            new SignatureInput("Active", "Active", "boolean", "Single", Required: true),
            new SignatureInput("Note", "Note", "text", "String", Required: true),
            new SignatureInput("Signup date", "Signup_date", "date", "String", Required: false, DateFormat: "yyyy-MM-dd"),
            new SignatureInput("LastSeen", "LastSeen", "date", "String", Required: false, DateFormat: "ISO 8601"),
            new SignatureInput("Seen", "Seen", "date", "String", Required: false),
        ],
        [new SignatureOutput("PredictedLabel", "Boolean", "true when the model predicts true for 'Churned'")]);

    private static readonly SignatureRules Rules = new(Signature);

    [TestMethod]
    public void RulesNameTheModel() => Assert.AreEqual("ChurnModel", Rules.Model);

    [TestMethod]
    public void AValueInsideEveryRuleHasNoIssue()
    {
        var check = Rules.Begin();

        Assert.AreEqual(30f, check.Number(Age, 30f));
        Assert.AreEqual(500f, check.Number(Income, 500f));
        Assert.AreEqual("One year", check.Category(Contract, "One year"));
        Assert.AreEqual("Paris", check.Category(City, "Paris"));
        Assert.AreEqual(1f, check.Boolean(Active, true));
        Assert.AreEqual("likes the app", check.Text(Note, "likes the app"));
        Assert.AreEqual("2024-02-29", check.Date(SignupDate, "2024-02-29"));
        Assert.AreEqual("2024-05-01T10:00:00Z", check.Date(LastSeen, "2024-05-01T10:00:00Z"));

        Assert.IsEmpty(check.Issues);
        Assert.IsFalse(check.HasRefusals);
    }

    [TestMethod]
    public void AMissingRequiredNumberIsMissingAndReadAsNaN()
    {
        foreach (var value in new float?[] { null, float.NaN })
        {
            var check = Rules.Begin();

            Assert.IsTrue(float.IsNaN(check.Number(Age, value)));

            var issue = Assert.ContainsSingle(check.Issues);
            Assert.AreEqual(InputIssueKind.Missing, issue.Kind);
            Assert.AreEqual("Age (years)", issue.Input);
            Assert.IsTrue(issue.Refused);
            Assert.Contains("'Age (years)'", issue.Message);
            Assert.Contains("required", issue.Message);
            Assert.IsTrue(check.HasRefusals);
        }
    }

    [TestMethod]
    public void AMissingRequiredStringIsMissingAndReadAsEmpty()
    {
        foreach (var value in new[] { null, "", "   " })
        {
            var check = Rules.Begin();

            Assert.AreEqual("", check.Category(Contract, value));
            Assert.AreEqual("", check.Text(Note, value));

            Assert.HasCount(2, check.Issues);
            Assert.AreEqual(InputIssueKind.Missing, check.Issues[0].Kind);
            Assert.AreEqual("Contract", check.Issues[0].Input);
            Assert.AreEqual(InputIssueKind.Missing, check.Issues[1].Kind);
            Assert.AreEqual("Note", check.Issues[1].Input);
        }
    }

    [TestMethod]
    public void AMissingRequiredBooleanIsMissingAndReadAsNaN()
    {
        var check = Rules.Begin();

        Assert.IsTrue(float.IsNaN(check.Boolean(Active, null)));

        Assert.AreEqual(InputIssueKind.Missing, Assert.ContainsSingle(check.Issues).Kind);
        Assert.AreEqual("Active", check.Issues[0].Input);
    }

    [TestMethod]
    public void BooleansAreReadAsOneAndZero()
    {
        var check = Rules.Begin();

        Assert.AreEqual(1f, check.Boolean(Active, true));
        Assert.AreEqual(0f, check.Boolean(Active, false));
        Assert.IsEmpty(check.Issues);
    }

    [TestMethod]
    public void MissingOptionalValuesHaveNoIssue()
    {
        var check = Rules.Begin();

        Assert.IsTrue(float.IsNaN(check.Number(Income, null)));
        Assert.IsTrue(float.IsNaN(check.Number(Income, float.NaN)));
        Assert.AreEqual("", check.Category(City, null));
        Assert.AreEqual("", check.Category(City, " "));
        Assert.AreEqual("", check.Date(SignupDate, null));
        Assert.AreEqual("", check.Date(LastSeen, ""));

        Assert.IsEmpty(check.Issues);
        Assert.IsFalse(check.HasRefusals);
    }

    [TestMethod]
    [DataRow(0f)]
    [DataRow(72f)]
    [DataRow(120f)]
    public void ValidRangeBoundsAreInclusive(float value)
    {
        var check = Rules.Begin();

        Assert.AreEqual(value, check.Number(Age, value));

        Assert.IsFalse(check.HasRefusals);
        Assert.IsFalse(check.Issues.Any(i => i.Kind == InputIssueKind.OutOfRange));
    }

    [TestMethod]
    [DataRow(-0.001f, "-0.001")]
    [DataRow(120.001f, "120.001")]
    [DataRow(-5f, "-5")]
    [DataRow(1e6f, "1000000")]
    public void AValueOutsideTheValidRangeIsOutOfRange(float value, string shown)
    {
        var check = Rules.Begin();

        Assert.AreEqual(value, check.Number(Age, value));

        var issue = Assert.ContainsSingle(check.Issues);
        Assert.AreEqual(InputIssueKind.OutOfRange, issue.Kind);
        Assert.IsTrue(issue.Refused);
        Assert.AreEqual($"'Age (years)' is {shown}, outside its valid range 0 to 120", issue.Message);
    }

    [TestMethod]
    public void InfinityIsOutOfRangeEvenWithoutAValidRange()
    {
        var check = Rules.Begin();

        check.Number(Age, float.PositiveInfinity);
        check.Number(Income, float.NegativeInfinity);

        Assert.HasCount(2, check.Issues);
        Assert.IsTrue(check.Issues.All(i => i.Kind == InputIssueKind.OutOfRange && i.Refused));
        Assert.AreEqual("Age (years)", check.Issues[0].Input);
        Assert.Contains("not a finite number", check.Issues[0].Message);
        Assert.AreEqual("Income", check.Issues[1].Input);
    }

    [TestMethod]
    public void AValueOutsideOnlyTheTrainingRangeIsReportedNotRefused()
    {
        var check = Rules.Begin();

        Assert.AreEqual(100f, check.Number(Age, 100f));

        var issue = Assert.ContainsSingle(check.Issues);
        Assert.AreEqual(InputIssueKind.OutsideTrainingRange, issue.Kind);
        Assert.IsFalse(issue.Refused);
        Assert.IsFalse(check.HasRefusals);
        Assert.AreEqual("'Age (years)' is 100, outside the training data's range 0 to 72", issue.Message);
        Assert.AreEqual(issue.Message, issue.ToString());
    }

    [TestMethod]
    public void AnOptionalNumberOutsideItsTrainingRangeIsReportedToo()
    {
        var check = Rules.Begin();

        check.Number(Income, -1f);

        Assert.AreEqual(InputIssueKind.OutsideTrainingRange, Assert.ContainsSingle(check.Issues).Kind);
    }

    [TestMethod]
    public void AnUnknownCategoryIsRefusedWhereTheDomainIsComplete()
    {
        var check = Rules.Begin();

        Assert.AreEqual("Three year", check.Category(Contract, "Three year"));
        Assert.AreEqual("one year", check.Category(Contract, "one year"));

        Assert.HasCount(2, check.Issues);
        Assert.IsTrue(check.Issues.All(i => i.Kind == InputIssueKind.UnknownCategory && i.Refused && i.Input == "Contract"));
        Assert.AreEqual("'Contract' is 'Three year', not one of the model's categories (Month-to-month, One year, Two year)", check.Issues[0].Message);
        Assert.Contains("'one year'", check.Issues[1].Message);
    }

    [TestMethod]
    public void AnUnseenCategoryPassesWhereTheDomainIsIncomplete()
    {
        var check = Rules.Begin();

        Assert.AreEqual("Lisbon", check.Category(City, "Lisbon"));

        Assert.IsEmpty(check.Issues);
    }

    [TestMethod]
    [DataRow("2023-02-29")]
    [DataRow("29/02/2024")]
    [DataRow("2024-2-29")]
    [DataRow("2024-02-29T00:00:00")]
    [DataRow("soon")]
    public void ADateNotInItsFormatIsInvalid(string value)
    {
        var check = Rules.Begin();

        Assert.AreEqual(value, check.Date(SignupDate, value));

        var issue = Assert.ContainsSingle(check.Issues);
        Assert.AreEqual(InputIssueKind.InvalidDate, issue.Kind);
        Assert.IsTrue(issue.Refused);
        Assert.AreEqual($"'Signup date' is '{value}', not a date in the format yyyy-MM-dd", issue.Message);
    }

    [TestMethod]
    [DataRow("2024-05-01")]
    [DataRow("2024-05-01T10:00:00")]
    [DataRow("2024-05-01T10:00:00.123+02:00")]
    [DataRow("2024-05-01T10:00:00Z")]
    [DataRow("2024-05-01T10:00")]
    [DataRow("2024-05-01 10:00:00")]
    public void IsoDatesParse(string value)
    {
        var check = Rules.Begin();

        check.Date(LastSeen, value);
        check.Date(Seen, value);

        Assert.IsEmpty(check.Issues);
    }

    [TestMethod]
    [DataRow("03/31/2024")]
    [DataRow("May 1, 2024")]
    [DataRow("10:30")]
    [DataRow("2024/05/01")]
    public void ADateInAnotherFormThanIsoIsInvalidUnderIso(string value)
    {
        // What the training data's validator refused for a date column without dateFormat (ColumnValidator's ISO forms),
        // and what ML.NET would read otherwise than meant ("10:30" as today's date, 03/31 or 31/03 by the invariant culture).
        var check = Rules.Begin();

        check.Date(LastSeen, value);
        check.Date(Seen, value);

        Assert.HasCount(2, check.Issues);
        Assert.IsTrue(check.Issues.All(i => i.Kind == InputIssueKind.InvalidDate));
    }

    [TestMethod]
    public void ANonDateIsInvalidUnderIso()
    {
        var check = Rules.Begin();

        check.Date(LastSeen, "2024-13-01");
        check.Date(Seen, "next week");

        Assert.HasCount(2, check.Issues);
        Assert.IsTrue(check.Issues.All(i => i.Kind == InputIssueKind.InvalidDate));
        Assert.AreEqual("'LastSeen' is '2024-13-01', not a date in the format ISO 8601", check.Issues[0].Message);
        Assert.AreEqual("'Seen' is 'next week', not a date in the format ISO 8601", check.Issues[1].Message);
    }

    [TestMethod]
    public void EveryIssueOfARowIsCollectedInOrder()
    {
        var check = Rules.Begin();

        check.Number(Age, null);
        check.Number(Income, 5000f);
        check.Category(Contract, "Weekly");
        check.Category(City, "Lisbon");
        check.Boolean(Active, null);
        check.Text(Note, "fine");
        check.Date(SignupDate, "yesterday");
        check.Date(LastSeen, null);

        Assert.AreEqual(
            "Age (years):Missing, Income:OutsideTrainingRange, Contract:UnknownCategory, Active:Missing, Signup date:InvalidDate",
            string.Join(", ", check.Issues.Select(i => $"{i.Input}:{i.Kind}")));
        Assert.AreEqual(4, check.Issues.Count(i => i.Refused));
        Assert.IsTrue(check.HasRefusals);
    }

    [TestMethod]
    public void EachRowStartsWithoutIssues()
    {
        var first = Rules.Begin();
        first.Number(Age, null);

        var second = Rules.Begin();
        second.Number(Age, 40f);

        Assert.HasCount(1, first.Issues);
        Assert.IsEmpty(second.Issues);
    }
}
