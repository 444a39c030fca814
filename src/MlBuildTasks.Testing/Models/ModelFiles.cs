namespace MlBuildTasks.Testing.Models;

/// <summary>
/// A trained model's files in a test's output folder: <c>&lt;Model&gt;.zip</c> and <c>&lt;Model&gt;.metrics.json</c>, which
/// a ProjectReference to the model project copies there (MlBuildTasks offers them to referencing projects).
/// </summary>
public sealed record ModelFiles(string Model, string ModelFile, string MetricsFile)
{
    /// <summary>The files of <paramref name="model"/> in <paramref name="directory"/>, or a <see cref="FileNotFoundException"/> saying what to add.</summary>
    public static ModelFiles Locate(string model, string directory)
    {
        var files = new ModelFiles(model, Path.Combine(directory, model + ".zip"), Path.Combine(directory, model + ".metrics.json"));
        var missing = new[] { files.ModelFile, files.MetricsFile }.Where(f => !File.Exists(f)).Select(Path.GetFileName).ToList();
        if (missing.Count == 0) return files;

        var present = System.IO.Directory.Exists(directory)
            ? System.IO.Directory.GetFiles(directory, "*.metrics.json").Select(f => Path.GetFileName(f)[..^".metrics.json".Length]).Order().ToList()
            : [];
        var found = present.Count == 0 ? "no model is there" : $"the models there are {string.Join(", ", present)}";
        throw new FileNotFoundException(
            $"{string.Join(" and ", missing)} not found in {directory} ({found}). Add a ProjectReference to the project that " +
            $"trains {model} (the one with <MlModel Include=\"{model}.mlmodel.json\" />), such as " +
            $"<ProjectReference Include=\"../ModelProject/ModelProject.csproj\" />, and build: the build copies the trained " +
            $"model and its metrics next to the test assembly.", Path.Combine(directory, missing[0]!));
    }
}
