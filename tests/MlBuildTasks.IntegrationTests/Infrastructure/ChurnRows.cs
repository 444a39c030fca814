namespace MlBuildTasks.IntegrationTests.Infrastructure;

/// <summary>The churn model's inputs as ML.NET reads them (the package README's "Inputs" table); booleans are 1 or 0.</summary>
public sealed class ChurnCustomer
{
    public float Tenure { get; set; }
    public float MonthlyCharges { get; set; }
    public float TotalCharges { get; set; }
    public string Contract { get; set; } = "";
    public string PaymentMethod { get; set; } = "";
    public string InternetService { get; set; } = "";
    public float SupportCalls { get; set; }
    public float SeniorCitizen { get; set; }
}

/// <summary>What the churn model returns, to compare a packaged model's predictions with.</summary>
public sealed class ChurnPrediction
{
    public bool PredictedLabel { get; set; }
    public float Score { get; set; }
    public float Probability { get; set; }
}
