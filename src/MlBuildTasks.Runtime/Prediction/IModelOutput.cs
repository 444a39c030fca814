namespace MlBuildTasks.Runtime;

/// <summary>A generated output class: what the model returned, plus the input's problems when they were flagged, not refused.</summary>
public interface IModelOutput
{
    /// <summary>The input's values outside the signature (empty when none). Under <see cref="InvalidInputBehavior.Throw"/> only values outside the training range appear here.</summary>
    IReadOnlyList<InputIssue> InputIssues { get; set; }

    /// <summary>
    /// This prediction's id, 32 hex digits (a version 7 GUID), new for every prediction whether logged or not: the
    /// prediction log's <c>id</c>, and what <see cref="FeedbackLog"/> names when the true label arrives. Output classes
    /// generated before it existed do not have it: this default keeps them compiling against a newer runtime (with no id).
    /// </summary>
    string PredictionId { get => ""; set { } }
}
