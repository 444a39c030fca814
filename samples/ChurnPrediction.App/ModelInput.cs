using Microsoft.ML.Data;

namespace ChurnPrediction.App;

/// <summary>One customer, with the model's input columns (see the package README's "Inputs" table).</summary>
public sealed class ModelInput
{
    public float Tenure { get; set; }
    public float MonthlyCharges { get; set; }
    public float TotalCharges { get; set; }
    public string Contract { get; set; } = "";
    public string PaymentMethod { get; set; } = "";
    public string InternetService { get; set; } = "";
    public float SupportCalls { get; set; }

    /// <summary>Booleans are 1 (yes) or 0 (no) in the model.</summary>
    public float SeniorCitizen { get; set; }
}

/// <summary>What a binary classifier predicts.</summary>
public sealed class ModelOutput
{
    [ColumnName("PredictedLabel")] public bool WillChurn { get; set; }
    public float Probability { get; set; }
    public float Score { get; set; }
}
