using System.Globalization;

namespace MlBuildTasks.Engine.Training.Search;

/// <summary>
/// One tunable setting of a trainer and the range searched: whole numbers or real numbers between
/// <see cref="Min"/> and <see cref="Max"/>, on a log scale where the setting spans orders of magnitude
/// (learning rates, regularization), or a list of <see cref="Choices"/>. <see cref="Default"/> is ML.NET's
/// own default, the value the first trial of every trainer uses.
/// </summary>
public sealed record Hyperparameter(string Name, double Min, double Max, double Default, bool Integer = false, bool Log = false, IReadOnlyList<double>? Choices = null)
{
    /// <summary>A value drawn uniformly (on the log scale when <see cref="Log"/>), or one of the choices.</summary>
    public double Sample(Random random)
    {
        if (Choices is { Count: > 0 }) return Choices[random.Next(Choices.Count)];
        var unit = random.NextDouble();
        var value = Log ? Math.Exp(Math.Log(Min) + unit * (Math.Log(Max) - Math.Log(Min))) : Min + unit * (Max - Min);
        return Round(value);
    }

    /// <summary><paramref name="points"/> values spread over the range (the choices themselves when there are any): a grid search's axis.</summary>
    public IReadOnlyList<double> Grid(int points)
    {
        if (Choices is { Count: > 0 }) return Choices;
        if (points <= 1 || Min == Max) return [Round(Min)];
        var values = Enumerable.Range(0, points).Select(i =>
        {
            var unit = (double)i / (points - 1);
            return Round(Log ? Math.Exp(Math.Log(Min) + unit * (Math.Log(Max) - Math.Log(Min))) : Min + unit * (Max - Min));
        });
        return values.Distinct().ToList();
    }

    public bool Contains(double value) => Choices is { Count: > 0 } ? Choices.Contains(value) : value >= Min && value <= Max;

    /// <summary>Whole numbers rounded; real numbers to 4 significant digits, so trials.json stays readable and runs compare exactly.</summary>
    public double Round(double value) =>
        Integer ? Math.Round(value, MidpointRounding.AwayFromZero)
        : value == 0 ? 0 : double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
