using System.Globalization;
using MlBuildTasks.Testing.Predictions;

namespace MlBuildTasks.Testing.Behaviour;

/// <summary>How failure messages show a row and a value: <c>{ Tenure = 2, Contract = "Month-to-month" }</c>.</summary>
internal static class Describe
{
    public static string Row(object row) =>
        "{ " + string.Join(", ", RowValues.Entries(row).Select(e => $"{e.Key} = {Prediction.Format(e.Value)}")) + " }";

    public static string Value(object? value) => Prediction.Format(value);

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Whether a predicted label is the expected one: the same value, numbers compared as numbers.</summary>
    public static bool SameLabel(object? predicted, object? expected) => (predicted, expected) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (string p, string e) => p == e,
        (bool p, bool e) => p == e,
        (IConvertible p, IConvertible e) when IsNumber(p) && IsNumber(e) =>
            Convert.ToDouble(p, CultureInfo.InvariantCulture) == Convert.ToDouble(e, CultureInfo.InvariantCulture),
        _ => Equals(predicted, expected) || predicted.ToString() == expected.ToString(),
    };

    private static bool IsNumber(IConvertible value) => value.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.Decimal;
}
