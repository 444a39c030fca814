using ChurnPrediction;

// ChurnModel, ChurnModelInput and ChurnModelOutput come with the ChurnPrediction package, generated from its signature;
// Load() checks the model files the package copied next to this app against their SHA-256 and loads them.
using var model = ChurnModel.Load();

ChurnModelInput[] customers =
[
    new() { Tenure = 2, MonthlyCharges = 95.5f, TotalCharges = 190f, Contract = "Month-to-month", PaymentMethod = "Electronic check", InternetService = "Fiber optic", SupportCalls = 4, SeniorCitizen = true },
    new() { Tenure = 60, MonthlyCharges = 25f, TotalCharges = 1500f, Contract = "Two year", PaymentMethod = "Bank transfer", InternetService = "No", SupportCalls = 0, SeniorCitizen = false },
    new() { Tenure = 14, MonthlyCharges = 60f, TotalCharges = 840f, Contract = "One year", PaymentMethod = "Credit card", InternetService = "DSL", SupportCalls = 1, SeniorCitizen = false },
];

Console.WriteLine($"Churn predictions from {ChurnModel.PackageId} {model.Info.Version} ({model.ModelDirectory}):");
foreach (var (customer, prediction) in customers.Zip(model.PredictBatch(customers)))
{
    Console.WriteLine($"  tenure {customer.Tenure,3} months, {customer.Contract,-14}, {customer.InternetService,-11}: " +
        $"{(prediction.PredictedLabel ? "will churn" : "will stay"),-10} (p = {prediction.Probability:0.00})");
}

// A value outside the model's signature is refused with every problem named (or, with InvalidInput = Flag, predicted and flagged).
try
{
    model.Predict(new ChurnModelInput { Tenure = 5, MonthlyCharges = 70f, Contract = "Weekly", PaymentMethod = "Credit card", InternetService = "DSL", SupportCalls = 1 });
}
catch (MlBuildTasks.Runtime.ModelInputException refused)
{
    Console.WriteLine($"Refused: {refused.Message}");
}
