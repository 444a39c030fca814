using System.Globalization;
using System.Runtime.Serialization;

namespace MlBuildTasks.Testing.Gates;

/// <summary>
/// One gate of a model as the build judged it (a record of metrics.json's <c>gates</c>): the metric, its value, the
/// bounds and the verdict. <see cref="ModelGatesAttribute"/> makes each one a test case named by <see cref="DisplayName"/>;
/// <see cref="AssertHolds"/> fails it with the build's diagnostic code. A data contract because MSTest serializes test
/// data to show each case on its own in Test Explorer and TRX.
/// </summary>
[DataContract]
public sealed record GateResult
{
    [DataMember] public string Model { get; init; } = "";
    [DataMember] public string Metric { get; init; } = "";

    /// <summary>The slice group gated (such as <c>Contract=Month-to-month</c>), or null for the whole test part.</summary>
    [DataMember] public string? Slice { get; init; }

    /// <summary>The metric's value, or null when it could not be measured (MLB4002).</summary>
    [DataMember] public double? Value { get; init; }

    [DataMember] public double? Min { get; init; }
    [DataMember] public double? Max { get; init; }
    [DataMember] public double? Baseline { get; init; }
    [DataMember] public double? Change { get; init; }
    [DataMember] public double? MaxDrop { get; init; }
    [DataMember] public double? MaxRelativeDrop { get; init; }
    [DataMember] public double? MinGain { get; init; }
    [DataMember] public bool Passed { get; init; }

    /// <summary>Missed change bounds released anyway with <c>-p:MlAcceptRegression=true</c>.</summary>
    [DataMember] public bool AcceptedRegression { get; init; }

    /// <summary>The gate's line in the spec (metrics.json from MlBuildTasks 0.1 without it: null).</summary>
    [DataMember] public int? Line { get; init; }

    /// <summary>The diagnostic the build raised for a missed gate (<c>MLB4001</c>, <c>MLB4002</c>, <c>MLB4003</c>).</summary>
    [DataMember] public string? Code { get; init; }

    /// <summary>Whether the gate lets the model through: passed, or its regression was accepted.</summary>
    public bool Holds => Passed || AcceptedRegression;

    /// <summary>The test case's name: <c>auc &gt;= 0.78</c>, <c>auc drop &lt;= 0.02 vs baseline</c>, <c>recall &gt;= 0.6 (slice Tenure &lt; 12)</c>.</summary>
    public string DisplayName
    {
        get
        {
            var bounds = new List<string>();
            if (Min is { } min && Max is { } max) bounds.Add($"{F(min)} <= {Metric} <= {F(max)}");
            else if (Min is { } onlyMin) bounds.Add($"{Metric} >= {F(onlyMin)}");
            else if (Max is { } onlyMax) bounds.Add($"{Metric} <= {F(onlyMax)}");
            var changes = new List<string>();
            if (MaxDrop is { } drop) changes.Add($"drop <= {F(drop)}");
            if (MaxRelativeDrop is { } relative) changes.Add($"relative drop <= {F(relative * 100)}%");
            if (MinGain is { } gain) changes.Add($"gain >= {F(gain)}");
            if (changes.Count > 0) bounds.Add((bounds.Count == 0 ? Metric + " " : "") + string.Join(", ", changes) + " vs baseline");
            var name = bounds.Count == 0 ? Metric : string.Join(", ", bounds);
            return Slice is null ? name : $"{name} (slice {Slice})";
        }
    }

    /// <summary>Fails (an MSTest assertion) unless the gate holds, with the code, metric, slice, value, baseline and bounds.</summary>
    public void AssertHolds()
    {
        if (Holds) return;
        Assert.Fail(FailureMessage());
    }

    /// <summary>What <see cref="AssertHolds"/> says, as the build's error would: code, where, what was measured, what was required.</summary>
    public string FailureMessage()
    {
        var code = Code ?? (Value is null ? "MLB4002" : OutsideValueBounds ? "MLB4001" : "MLB4003");
        var where = Line is { } line ? $" (spec line {line})" : "";
        var subject = Slice is null ? Metric : $"{Metric} of slice '{Slice}'";
        var model = Model.Length > 0 ? Model + ": " : "";
        if (Value is not { } value)
            return $"{code}: {model}gate '{DisplayName}'{where} could not be checked: {subject} was not measured for this model and test data.";

        var details = new List<string> { $"{subject} = {F(value)}" };
        if (Min is { } min) details.Add($"min {F(min)}");
        if (Max is { } max) details.Add($"max {F(max)}");
        if (Baseline is { } baseline) details.Add($"baseline {F(baseline)}");
        if (Change is { } change) details.Add($"change {F(change)}");
        if (MaxDrop is { } drop) details.Add($"maxDrop {F(drop)}");
        if (MaxRelativeDrop is { } relative) details.Add($"maxRelativeDrop {F(relative)}");
        if (MinGain is { } gain) details.Add($"minGain {F(gain)}");
        return $"{code}: {model}gate '{DisplayName}'{where} failed: {string.Join(", ", details)}.";
    }

    /// <summary>This record as the test runner shows it in lists of data.</summary>
    public override string ToString() => DisplayName;

    private bool OutsideValueBounds => Value is { } v && (v < Min || v > Max);

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
