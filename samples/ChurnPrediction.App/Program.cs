using ChurnPrediction.App;
using Microsoft.ML;

// The ChurnPrediction package copied ChurnModel.zip next to this app.
var modelPath = Path.Combine(AppContext.BaseDirectory, "ChurnModel.zip");
var ml = new MLContext();
var model = ml.Model.Load(modelPath, out _);
var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);

ModelInput[] customers =
[
    new() { Tenure = 2, MonthlyCharges = 95.5f, TotalCharges = 190f, Contract = "Month-to-month", PaymentMethod = "Electronic check", InternetService = "Fiber optic", SupportCalls = 4, SeniorCitizen = 1 },
    new() { Tenure = 60, MonthlyCharges = 25f, TotalCharges = 1500f, Contract = "Two year", PaymentMethod = "Bank transfer", InternetService = "No", SupportCalls = 0, SeniorCitizen = 0 },
    new() { Tenure = 14, MonthlyCharges = 60f, TotalCharges = 840f, Contract = "One year", PaymentMethod = "Credit card", InternetService = "DSL", SupportCalls = 1, SeniorCitizen = 0 },
];

Console.WriteLine($"Churn predictions from {modelPath}:");
foreach (var customer in customers)
{
    var prediction = engine.Predict(customer);
    Console.WriteLine($"  tenure {customer.Tenure,3} months, {customer.Contract,-14}, {customer.InternetService,-11}: " +
        $"{(prediction.WillChurn ? "will churn" : "will stay"),-10} (p = {prediction.Probability:0.00})");
}
