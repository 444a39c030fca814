using System.Globalization;

namespace MlBuildTasks.Runtime;

/// <summary>
/// The signature's rules for each input, by position in <see cref="ModelSignature.Inputs"/>: built once when a model
/// loads, shared by every prediction (immutable). <see cref="Begin"/> starts the check of one input row.
/// </summary>
public sealed class SignatureRules
{
    private readonly InputRule[] _rules;

    public SignatureRules(ModelSignature signature)
    {
        Model = signature.Model;
        _rules = signature.Inputs.Select(i => new InputRule(i)).ToArray();
    }

    public string Model { get; }

    public InputCheck Begin() => new(this);

    internal InputRule this[int input] => _rules[input];

    internal sealed class InputRule(SignatureInput input)
    {
        public SignatureInput Input { get; } = input;

        /// <summary>Every allowed value, when the signature lists them all; null when the domain is open.</summary>
        public HashSet<string>? Categories { get; } =
            input.Categories is { Complete: true } domain ? new HashSet<string>(domain.Values, StringComparer.Ordinal) : null;

        public bool ParsesAsDate(string value) => DateValues.TryParse(value, Input.DateFormat);
    }
}

/// <summary>
/// The check of one input row: each method takes a property's value, notes anything outside the signature and returns
/// what the model reads (a number as <see cref="float"/>, NaN when missing; a boolean as 1 or 0; text as is, empty when missing).
/// The generated <c>ToRow</c> of a model calls one per input.
/// </summary>
public sealed class InputCheck
{
    private readonly SignatureRules _rules;
    private List<InputIssue>? _issues;

    internal InputCheck(SignatureRules rules) => _rules = rules;

    /// <summary>Everything found so far (empty when the row is inside the signature).</summary>
    public IReadOnlyList<InputIssue> Issues => _issues ?? (IReadOnlyList<InputIssue>)[];

    public bool HasRefusals => _issues?.Exists(i => i.Refused) == true;

    public float Number(int input, float? value)
    {
        var rule = _rules[input];
        if (value is not { } number || float.IsNaN(number))
        {
            RequireValue(rule);
            return float.NaN;
        }

        if (float.IsInfinity(number))
            Add(rule, InputIssueKind.OutOfRange, $"'{rule.Input.Name}' is {number.ToString(CultureInfo.InvariantCulture)}, not a finite number");
        else if (rule.Input.ValidRange is { } valid && (number < valid.Min || number > valid.Max))
            Add(rule, InputIssueKind.OutOfRange, $"'{rule.Input.Name}' is {Show(number)}, outside its valid range {Show(valid)}");
        else if (rule.Input.Range is { } seen && (number < seen.Min || number > seen.Max))
            Add(rule, InputIssueKind.OutsideTrainingRange, $"'{rule.Input.Name}' is {Show(number)}, outside the training data's range {Show(seen)}");
        return number;
    }

    /// <summary>A boolean as the model reads it: 1 for true, 0 for false, NaN when missing.</summary>
    public float Boolean(int input, bool? value)
    {
        if (value is null) RequireValue(_rules[input]);
        return value switch { true => 1f, false => 0f, null => float.NaN };
    }

    public string Category(int input, string? value)
    {
        var rule = _rules[input];
        if (string.IsNullOrWhiteSpace(value))
        {
            RequireValue(rule);
            return "";
        }

        if (rule.Categories is { } allowed && !allowed.Contains(value))
            Add(rule, InputIssueKind.UnknownCategory,
                $"'{rule.Input.Name}' is '{value}', not one of the model's categories ({string.Join(", ", rule.Input.Categories!.Values)})");
        return value;
    }

    public string Text(int input, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            RequireValue(_rules[input]);
            return "";
        }

        return value;
    }

    public string Date(int input, string? value)
    {
        var rule = _rules[input];
        if (string.IsNullOrWhiteSpace(value))
        {
            RequireValue(rule);
            return "";
        }

        if (!rule.ParsesAsDate(value))
            Add(rule, InputIssueKind.InvalidDate, $"'{rule.Input.Name}' is '{value}', not a date in the format {rule.Input.DateFormat ?? DateValues.IsoName}");
        return value;
    }

    private void RequireValue(SignatureRules.InputRule rule)
    {
        if (rule.Input.Required) Add(rule, InputIssueKind.Missing, $"'{rule.Input.Name}' is required but has no value");
    }

    private void Add(SignatureRules.InputRule rule, InputIssueKind kind, string message) =>
        (_issues ??= []).Add(new InputIssue(rule.Input.Name, kind, message));

    private static string Show(double value) => value.ToString("G7", CultureInfo.InvariantCulture);

    private static string Show(NumberRange range) => (range.Min, range.Max) switch
    {
        ({ } min, { } max) => $"{Show(min)} to {Show(max)}",
        ({ } min, null) => $"at least {Show(min)}",
        (null, { } max) => $"at most {Show(max)}",
        _ => "any",
    };
}
