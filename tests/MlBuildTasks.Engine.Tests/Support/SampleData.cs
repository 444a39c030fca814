using System.Globalization;
using System.Text;

namespace MlBuildTasks.Engine.Tests.Support;

/// <summary>Small generated CSV data sets with a rule a model can learn, seeded so every run writes the same bytes.</summary>
internal static class SampleData
{
    /// <summary>
    /// Binary: <c>Churned</c> is "yes" when <c>Usage</c> is below 40, else "no"; <c>Plan</c> and <c>Age</c> are
    /// noise. <paramref name="flipFraction"/> of the labels are flipped so no model can be perfect.
    /// </summary>
    public static string Binary(int rows = 300, double flipFraction = 0, int seed = 1)
    {
        var random = new Random(seed);
        var plans = new[] { "basic", "plus", "premium" };
        var text = new StringBuilder("Age,Plan,Usage,Churned\n");
        for (var i = 0; i < rows; i++)
        {
            var usage = random.Next(0, 100);
            var churned = usage < 40;
            if (random.NextDouble() < flipFraction) churned = !churned;
            text.Append(CultureInfo.InvariantCulture, $"{random.Next(18, 80)},{plans[random.Next(plans.Length)]},{usage},{(churned ? "yes" : "no")}\n");
        }

        return text.ToString();
    }

    /// <summary>Regression: <c>Price</c> = 3 * Size + 20 * Rooms + small noise.</summary>
    public static string Regression(int rows = 200, int seed = 2)
    {
        var random = new Random(seed);
        var text = new StringBuilder("Size,Rooms,Price\n");
        for (var i = 0; i < rows; i++)
        {
            var size = random.Next(20, 200);
            var rooms = random.Next(1, 6);
            var price = 3.0 * size + 20 * rooms + random.NextDouble() * 4 - 2;
            text.Append(CultureInfo.InvariantCulture, $"{size},{rooms},{price:0.00}\n");
        }

        return text.ToString();
    }

    /// <summary>Multiclass: <c>Size</c> is "small" below 10, "medium" below 20, else "large" (from <c>Length</c>).</summary>
    public static string Multiclass(int rows = 240, int seed = 3)
    {
        var random = new Random(seed);
        var text = new StringBuilder("Length,Width,Size\n");
        for (var i = 0; i < rows; i++)
        {
            var length = random.NextDouble() * 30;
            var size = length < 10 ? "small" : length < 20 ? "medium" : "large";
            text.Append(CultureInfo.InvariantCulture, $"{length:0.000},{random.Next(1, 10)},{size}\n");
        }

        return text.ToString();
    }
}
