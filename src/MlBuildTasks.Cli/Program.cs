using System.CommandLine;
using MlBuildTasks.Cli;
using MlBuildTasks.Engine.Caching;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Init;
using MlBuildTasks.Engine.Packaging;
using MlBuildTasks.Engine.Pipeline;

// Messages and artifacts read the same on every machine: "1,200 rows", never "1.200 rows".
System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;

var format = new Option<string>("--message-format")
{
    Description = "text (for people) or json (one JSON object per line, for the MSBuild tasks).",
    DefaultValueFactory = _ => "text",
    Recursive = true,
};
format.AcceptOnlyFromAmong("text", "json");

// train
var spec = new Option<FileInfo>("--spec") { Description = "The model spec (*.mlmodel.json).", Required = true };
var outputDirectory = new Option<DirectoryInfo>("--output-dir") { Description = "Where the model, metrics and manifest go.", Required = true };
var modelName = new Option<string?>("--name") { Description = "The model name, used for file names (default: the spec's file name without .mlmodel.json)." };
var force = new Option<bool>("--force") { Description = "Train even when the inputs are unchanged since the last run." };
var maxListed = new Option<int>("--max-listed") { Description = "Failing rows listed per data check before the rest are counted.", DefaultValueFactory = _ => 10 };
var warningsAsErrors = new Option<bool>("--data-warnings-as-errors") { Description = "Treat data-check warnings (outliers, skew, constant columns, ...) as errors." };
var checkDeterminism = new Option<bool>("--check-determinism") { Description = "Train twice and fail (MLB3003) when the two runs differ: chosen trainer, trial scores, metrics or model bytes." };
var cacheDirectory = new Option<DirectoryInfo?>("--cache-dir") { Description = "The training cache (default: MlBuildTasks/cache in the user's local application data)." };
var noCache = new Option<bool>("--no-cache") { Description = "Neither read nor fill the training cache." };
var acceptRegression = new Option<bool>("--accept-regression") { Description = "Release anyway: missed change gates (MLB4003, against the baseline) become warnings, recorded in the manifest and the package's lineage." };
var packageVersion = new Option<string?>("--package-version") { Description = "The version being built: a package baseline without a pinned version is the highest stable version below it." };
var includeFeedback = new Option<DirectoryInfo?>("--include-feedback") { Description = "The app's prediction logs: logged predictions with feedback (ground-truth labels) join the training data, validated like any source." };
var trainFeedback = new Option<FileInfo?>("--feedback") { Description = "With --include-feedback: the feedback file (default: <Model>.feedback.jsonl in the logs folder)." };
var train = new Command("train", "Validate the data, train, evaluate and gate one model.") { spec, outputDirectory, modelName, force, maxListed, warningsAsErrors, checkDeterminism, cacheDirectory, noCache, acceptRegression, packageVersion, includeFeedback, trainFeedback };
train.SetAction(result => Run(result, sink =>
    TrainingRun.Execute(new TrainRequest(result.GetValue(spec)!.FullName, result.GetValue(outputDirectory)!.FullName, result.GetValue(force), result.GetValue(modelName),
        result.GetValue(maxListed), result.GetValue(warningsAsErrors), result.GetValue(checkDeterminism),
        result.GetValue(noCache) ? null : result.GetValue(cacheDirectory)?.FullName ?? TrainingCache.DefaultDirectory, result.GetValue(acceptRegression),
        result.GetValue(packageVersion), result.GetValue(includeFeedback)?.FullName, result.GetValue(trainFeedback)?.FullName), sink).Succeeded));

// validate
var validateOutput = new Option<DirectoryInfo?>("--output-dir") { Description = "Where validation.json and profile.json go (optional)." };
var validate = new Command("validate", "Validate and profile a spec's data in one streaming pass, without training.") { spec, validateOutput, modelName, maxListed, warningsAsErrors };
validate.SetAction(result => Run(result, sink =>
    ValidationRun.Execute(result.GetValue(spec)!.FullName, result.GetValue(validateOutput)?.FullName,
        new MlBuildTasks.Engine.Validation.ValidationOptions(result.GetValue(maxListed), result.GetValue(warningsAsErrors)), sink, result.GetValue(modelName)).Passed));

// pack
var artifacts = new Option<DirectoryInfo>("--artifacts-dir") { Description = "The working folder 'train' wrote to.", Required = true };
var packageId = new Option<string>("--id") { Description = "The package id.", Required = true };
var version = new Option<string>("--version") { Description = "The package version (SemVer).", Required = true };
var packOutput = new Option<DirectoryInfo>("--output") { Description = "Folder for the package.", Required = true };
var packageFormat = new Option<string>("--format") { Description = "nupkg or zip.", DefaultValueFactory = _ => "nupkg" };
packageFormat.AcceptOnlyFromAmong("nupkg", "zip");
var authors = new Option<string?>("--authors") { Description = "Package authors." };
var description = new Option<string?>("--description") { Description = "Package description." };
var projectDirectory = new Option<DirectoryInfo?>("--project-dir") { Description = "The project folder, for the git commit in the lineage." };
var repositoryUrl = new Option<string?>("--repository-url") { Description = "Source repository URL for the package metadata." };
var license = new Option<string?>("--license") { Description = "SPDX license expression for the package metadata." };
var tags = new Option<string?>("--tags") { Description = "Package tags (separated by ';' or spaces), added to ml.net, machine-learning and model." };
var releaseFeed = new Option<string?>("--release-feed") { Description = "The folder or feed URL releases are pushed to: a version already there is refused (MLB5005), and inputs are compared with the previous release there (MLB5006). Default: the --output folder." };
var acceptBreakingChange = new Option<bool>("--accept-breaking-change") { Description = "Release inputs that break callers of the previous release without a new major version: MLB5006 becomes a warning, recorded in the lineage." };
var pack = new Command("pack", "Pack a trained, gated model as a NuGet package or a zip.")
    { spec, modelName, artifacts, packageId, version, packOutput, packageFormat, authors, description, projectDirectory, repositoryUrl, license, tags, releaseFeed, acceptBreakingChange };
pack.SetAction(result => Run(result, sink =>
{
    ModelPackager.Pack(new PackRequest(
        result.GetValue(spec)!.FullName, result.GetValue(artifacts)!.FullName, result.GetValue(packageId)!, result.GetValue(version)!,
        result.GetValue(packOutput)!.FullName, result.GetValue(packageFormat) == "zip" ? PackageFormat.Zip : PackageFormat.Nupkg,
        result.GetValue(authors), result.GetValue(description), result.GetValue(projectDirectory)?.FullName,
        result.GetValue(repositoryUrl), result.GetValue(license), result.GetValue(modelName),
        result.GetValue(releaseFeed), result.GetValue(acceptBreakingChange), result.GetValue(tags)), sink);
    return true;
}));

// init
var data = new Argument<FileInfo>("data") { Description = "The CSV file to describe." };
var label = new Option<string>("--label") { Description = "The column to predict.", Required = true };
var task = new Option<string?>("--task") { Description = "binary-classification, multiclass-classification or regression (guessed from the label when left out)." };
var initOutput = new Option<FileInfo?>("--output") { Description = "Where to write the spec (default: <data name>.mlmodel.json here)." };
var overwrite = new Option<bool>("--force") { Description = "Overwrite an existing spec." };
var init = new Command("init", "Write a starting spec for a CSV file, with column types inferred from the data.") { data, label, task, initOutput, overwrite };
init.SetAction(result => Run(result, sink =>
{
    SpecInitializer.Write(result.GetValue(data)!.FullName, result.GetValue(label)!, result.GetValue(task), result.GetValue(initOutput)?.FullName, result.GetValue(overwrite), sink);
    return true;
}));

// infer-schema
var replace = new Option<bool>("--replace") { Description = "Infer every column again, replacing the declared ones." };
var inferSchema = new Command("infer-schema", "Add the data's undeclared columns to a spec's 'columns', with inferred types and rules.") { spec, replace };
inferSchema.SetAction(result => Run(result, sink =>
{
    SchemaRefresher.Refresh(result.GetValue(spec)!.FullName, result.GetValue(replace), sink);
    return true;
}));

// cache list | prune
var cacheList = new Command("list", "List the training cache's entries, most recently used first.") { cacheDirectory };
cacheList.SetAction(result => Run(result, sink =>
{
    var cache = new TrainingCache(result.GetValue(cacheDirectory)?.FullName ?? TrainingCache.DefaultDirectory);
    var entries = cache.List();
    sink.Message($"{entries.Count} entr{(entries.Count == 1 ? "y" : "ies")}, {entries.Sum(e => e.Bytes) / 1024.0 / 1024.0:0.0} MB in {cache.Directory}", important: true);
    foreach (var (entry, bytes, lastUsed) in entries)
        sink.Message(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{entry.Key[..12]}  {entry.Model,-20} {entry.Trainer,-22} {bytes / 1024.0:0} KB  trained {entry.CreatedUtc:yyyy-MM-dd HH:mm}  used {lastUsed:yyyy-MM-dd HH:mm} UTC"), important: true);
    return true;
}));
var unusedDays = new Option<double>("--unused-days") { Description = "Delete entries not used for this many days.", DefaultValueFactory = _ => 30 };
var maxSize = new Option<double?>("--max-size-mb") { Description = "Then delete the least recently used entries until the cache fits." };
var cachePrune = new Command("prune", "Delete training cache entries not used lately, or beyond a size.") { cacheDirectory, unusedDays, maxSize };
cachePrune.SetAction(result => Run(result, sink =>
{
    var cache = new TrainingCache(result.GetValue(cacheDirectory)?.FullName ?? TrainingCache.DefaultDirectory);
    var limit = result.GetValue(maxSize) is { } mb ? (long?)(mb * 1024 * 1024) : null;
    var (deleted, freed) = cache.Prune(TimeSpan.FromDays(result.GetValue(unusedDays)), limit);
    sink.Message($"Deleted {deleted} entr{(deleted == 1 ? "y" : "ies")} ({freed / 1024.0 / 1024.0:0.0} MB) from {cache.Directory}.", important: true);
    return true;
}));
var cacheCommand = new Command("cache", "Manage the training cache (models reused when their training inputs are unchanged).") { cacheList, cachePrune };

// monitor
var reference = new Option<string>("--reference") { Description = "The released model: its package (.nupkg or .zip), a folder holding <Model>.profile.json and <Model>.metrics.json (a build's artifact folder, an app's output folder), or 'release' for the highest stable version on the release feed (with --package-id).", Required = true };
var logs = new Option<DirectoryInfo>("--logs") { Description = "The folder of the app's prediction logs (<Model>.predictions.*.jsonl).", Required = true };
var feedback = new Option<FileInfo?>("--feedback") { Description = "Ground-truth labels by prediction id (JSON Lines); default: <Model>.feedback.jsonl in the logs folder, when there." };
var monitorSpec = new Option<FileInfo?>("--spec") { Description = "The spec whose 'monitoring' limits and gates apply (default: the one in the package)." };
var monitorPackage = new Option<string?>("--package-id") { Description = "With --reference release: the model's package id, whose highest stable version on the release feed is compared with." };
var monitorFeed = new Option<string?>("--release-feed") { Description = "With --reference release: the feed releases are pushed to (a folder, a URL or a NuGet.Config source key)." };
var monitorPackageOutput = new Option<DirectoryInfo?>("--package-output") { Description = "With --reference release and no --release-feed: the folder packages are packed to, read as the feed." };
var monitorOutput = new Option<DirectoryInfo>("--output-dir") { Description = "Where drift.json and the reports go.", DefaultValueFactory = _ => new DirectoryInfo(".") };
var monitor = new Command("monitor", $"Compare production data (the app's prediction logs) with the training profile; exit code {MlBuildTasks.Engine.Monitoring.MonitorRun.RetrainExitCode} says to retrain.")
    { reference, logs, feedback, monitorSpec, monitorOutput, modelName, monitorPackage, monitorFeed, monitorPackageOutput, projectDirectory };
monitor.SetAction(result => RunWithExitCode(result, sink =>
    MlBuildTasks.Engine.Monitoring.MonitorRun.Execute(new MlBuildTasks.Engine.Monitoring.MonitorRequest(
        result.GetValue(reference)!, result.GetValue(logs)!.FullName, result.GetValue(monitorOutput)!.FullName, result.GetValue(modelName),
        result.GetValue(monitorSpec)?.FullName, result.GetValue(feedback)?.FullName, result.GetValue(monitorPackage), result.GetValue(monitorFeed),
        result.GetValue(monitorPackageOutput)?.FullName, result.GetValue(projectDirectory)?.FullName), sink).Retrain ? MlBuildTasks.Engine.Monitoring.MonitorRun.RetrainExitCode : 0));

var root = new RootCommand("mlbuild: CI/CD for ML.NET models. Validates data, trains, evaluates, gates and packs models described by *.mlmodel.json specs.")
{
    format, train, validate, pack, init, inferSchema, cacheCommand, monitor,
};
return root.Parse(args).Invoke();

// Runs one command: engine errors become diagnostics and exit code 1; a crash is one MLB0001 error and exit code 3.
static int Run(ParseResult result, Func<IDiagnosticSink, bool> command) => RunWithExitCode(result, sink => command(sink) ? 0 : 1);

// The same for a command with an exit code of its own (monitor's 2, "retrain"); errors it did not count for make it 1.
static int RunWithExitCode(ParseResult result, Func<IDiagnosticSink, int> command)
{
    var json = result.GetValue<string>("--message-format") == "json";
    IDiagnosticSink reporter = json ? new JsonLineReporter(Console.Out) : new TextReporter(Console.Out, Console.Error);
    var sink = new DiagnosticList(reporter);
    try
    {
        var code = command(sink);
        return code == 0 && sink.HasErrors ? 1 : code;
    }
    catch (MlBuildException ex)
    {
        sink.Report(ex.Diagnostic);
        return 1;
    }
    catch (Exception ex)
    {
        sink.Report(Diagnostic.Error(DiagnosticCodes.EngineCrashed,
            $"mlbuild failed unexpectedly: {ex.GetType().Name}: {ex.Message} This is a bug in MlBuildTasks; please report it with the detailed log (-v:d)."));
        sink.Message(ex.ToString());
        return 3;
    }
}
