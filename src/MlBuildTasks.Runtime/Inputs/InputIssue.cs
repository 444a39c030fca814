using System.Text.Json.Serialization;

namespace MlBuildTasks.Runtime;

/// <summary>How an input value falls outside the model's signature (by name in JSON, as a service returns it).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InputIssueKind>))]
public enum InputIssueKind
{
    /// <summary>A required input has no value (null, NaN or blank).</summary>
    Missing,
    /// <summary>A category the model never saw, where the signature lists every allowed value.</summary>
    UnknownCategory,
    /// <summary>A number outside the spec's min/max rules (the signature's <c>validRange</c>), or infinite.</summary>
    OutOfRange,
    /// <summary>A date that does not parse with the signature's date format.</summary>
    InvalidDate,
    /// <summary>A number outside what the training data held (the signature's <c>range</c>): allowed, but the model extrapolates. Never refused.</summary>
    OutsideTrainingRange,
}

/// <summary>
/// One input value outside the model's signature. <see cref="Input"/> is the column as the data and signature write it.
/// <see cref="Refused"/>: the value breaks a rule (missing, unknown, out of range, not a date), so
/// <see cref="InvalidInputBehavior.Throw"/> refuses the prediction; a value only outside the training range is reported, not refused.
/// </summary>
public sealed record InputIssue(string Input, InputIssueKind Kind, string Message)
{
    public bool Refused => Kind != InputIssueKind.OutsideTrainingRange;

    public override string ToString() => Message;
}

/// <summary>What a predictor does with an input outside the signature (<see cref="ModelOptions.InvalidInput"/>).</summary>
public enum InvalidInputBehavior
{
    /// <summary>Throw <see cref="ModelInputException"/> naming every problem; nothing is predicted. The default.</summary>
    Throw,
    /// <summary>Predict anyway (a missing value is imputed, an unknown category counts as none) and list the problems in the output's <c>InputIssues</c>.</summary>
    Flag,
}
