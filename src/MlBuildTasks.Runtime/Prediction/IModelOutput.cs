namespace MlBuildTasks.Runtime;

/// <summary>A generated output class: what the model returned, plus the input's problems when they were flagged, not refused.</summary>
public interface IModelOutput
{
    /// <summary>The input's values outside the signature (empty when none). Under <see cref="InvalidInputBehavior.Throw"/> only values outside the training range appear here.</summary>
    IReadOnlyList<InputIssue> InputIssues { get; set; }
}
