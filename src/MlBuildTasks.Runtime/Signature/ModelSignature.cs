namespace MlBuildTasks.Runtime;

/// <summary>
/// <c>model/&lt;Model&gt;.signature.json</c> in the package: what an app passes to the model and what it gets back, the
/// contract a release keeps until its next major version. Schema version 1 (docs/package.md).
/// </summary>
public sealed record ModelSignature(
    int SchemaVersion,
    string Model,
    string Task,
    SignatureLabel Label,
    IReadOnlyList<SignatureInput> Inputs,
    IReadOnlyList<SignatureOutput> Outputs)
{
    public const int CurrentSchemaVersion = 1;
}

/// <summary>The column the model predicts; <see cref="PositiveClass"/> is the value a binary model's <c>true</c> stands for.</summary>
public sealed record SignatureLabel(string Name, string Type, IReadOnlyList<string>? Classes = null, string? PositiveClass = null);

/// <summary>
/// One input column: <see cref="Name"/> as the data has it, <see cref="ModelColumn"/> as the model reads it, the spec's
/// <see cref="Type"/> and the .NET <see cref="DataType"/> an app's input class uses. <see cref="Required"/>: the spec
/// requires a value; otherwise a missing one (NaN, empty) is imputed by the model.
/// </summary>
public sealed record SignatureInput(
    string Name,
    string ModelColumn,
    string Type,
    string DataType,
    bool Required,
    NumberRange? Range = null,
    NumberRange? ValidRange = null,
    CategoryDomain? Categories = null,
    string? DateFormat = null);

/// <summary>A number range: <c>range</c> is what the training data held, <c>validRange</c> the spec's min/max rules.</summary>
public sealed record NumberRange(double? Min, double? Max);

/// <summary>
/// A category column's values: the spec's <c>allowed</c> set (<see cref="Source"/> "spec", complete), or the training
/// data's most frequent values (<see cref="Source"/> "training data"), capped; <see cref="Complete"/> false says more exist
/// (<see cref="Distinct"/> of them, estimated when large).
/// </summary>
public sealed record CategoryDomain(IReadOnlyList<string> Values, bool Complete, long? Distinct, string Source);

/// <summary>One column the model adds: its name, .NET type (<c>Single[]</c> for a vector) and what it means.</summary>
public sealed record SignatureOutput(string Name, string DataType, string Meaning, IReadOnlyList<string>? Classes = null);
