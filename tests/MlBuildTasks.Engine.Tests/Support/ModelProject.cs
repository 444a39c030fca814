using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Pipeline;

namespace MlBuildTasks.Engine.Tests.Support;

/// <summary>A spec and its data in a temp folder, as a model project has them, with its artifacts under obj/ml.</summary>
internal sealed class ModelProject : IDisposable
{
    private ModelProject(TempFolder folder, string specPath, string dataPath)
    {
        Folder = folder;
        SpecPath = specPath;
        DataPath = dataPath;
    }

    public TempFolder Folder { get; }
    public string SpecPath { get; }
    public string DataPath { get; }
    public string OutputDirectory => Folder.Combine("obj/ml");

    /// <summary>Artifact paths for the model, named after the spec file.</summary>
    public ArtifactPaths Artifacts(string? outputDirectory = null) =>
        new(outputDirectory ?? OutputDirectory, Path.GetFileName(SpecPath)[..^".mlmodel.json".Length]);

    public static ModelProject Create(string specJson, string csv, string specFile = "Churn.mlmodel.json")
    {
        var folder = new TempFolder();
        return new ModelProject(folder, folder.Write(specFile, specJson), folder.Write("data.csv", csv));
    }

    /// <summary>A binary model on <see cref="SampleData.Binary"/>: "Churned" from "Usage", with the given gates.</summary>
    public static ModelProject Binary(string gates = "{ \"metric\": \"auc\", \"min\": 0.8 }", double flipFraction = 0, string trainer = "fast-tree") =>
        Create(
            "{\n  \"task\": \"binary-classification\",\n  \"data\": \"data.csv\",\n  \"label\": \"Churned\",\n" +
            $"  \"trainer\": \"{trainer}\",\n  \"gates\": [\n    {gates}\n  ]\n}}\n",
            SampleData.Binary(flipFraction: flipFraction));

    public TrainResult Train(DiagnosticList? diagnostics = null, bool force = false, string? outputDirectory = null) =>
        TrainingRun.Execute(new TrainRequest(SpecPath, outputDirectory ?? OutputDirectory, force), diagnostics ?? new DiagnosticList());

    public void Dispose() => Folder.Dispose();
}
