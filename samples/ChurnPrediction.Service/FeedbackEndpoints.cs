namespace ChurnPrediction.Service;

/// <summary>One true label, for a prediction this service made: <c>{"id": "&lt;predictionId&gt;", "churned": true}</c>.</summary>
public sealed record Feedback(string? Id, bool? Churned);

/// <summary>
/// <c>POST /feedback</c>: the truth about an earlier prediction (the customer churned, or stayed), recorded by its
/// <c>predictionId</c> in the model's feedback file next to its prediction log, where <c>MlCheckDrift</c> joins them into
/// live metrics. Only when the service logs its predictions (Prediction:LogDirectory).
/// </summary>
internal static class FeedbackEndpoints
{
    public static void MapFeedbackEndpoint(this IEndpointRouteBuilder app) => app.MapPost("/feedback", Record);

    private static IResult Record(Feedback feedback, ChurnModel model)
    {
        if (feedback.Churned is not { } churned)
            return JsonBody.Invalid("churned", "Say whether the customer churned: \"churned\": true or false.");
        try
        {
            model.Feedback!.Add(feedback.Id ?? "", churned);
            return Results.NoContent();
        }
        catch (ArgumentException bad)
        {
            return JsonBody.Invalid("id", bad.Message);
        }
    }
}
