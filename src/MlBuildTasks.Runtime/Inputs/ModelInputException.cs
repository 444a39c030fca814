namespace MlBuildTasks.Runtime;

/// <summary>
/// An input the model's signature refuses (<see cref="InvalidInputBehavior.Throw"/>): every problem is in
/// <see cref="Issues"/>, and the message names them all. <see cref="Row"/> is the position in a batch.
/// </summary>
public sealed class ModelInputException : ArgumentException
{
    public ModelInputException(string model, IReadOnlyList<InputIssue> issues, int? row = null)
        : base($"The input{(row is { } r ? $" at position {r} of the batch" : "")} is outside the signature of model '{model}': " +
               string.Join("; ", issues.Select(i => i.Message)) + ".")
    {
        Model = model;
        Issues = issues;
        Row = row;
    }

    public string Model { get; }
    public IReadOnlyList<InputIssue> Issues { get; }
    public int? Row { get; }
}
