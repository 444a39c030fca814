using System.Text.RegularExpressions;
using MlBuildTasks.Engine.Reports;
using MlBuildTasks.Engine.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace MlBuildTasks.Engine.Tests.Docs;

/// <summary>
/// docs/ci/github-actions.yml and docs/ci/azure-pipelines.yml: valid YAML with what the CI server needs, running the README's
/// commands, with the training cache folder passed to the build, pushing only from main, and reading the reports where the
/// build writes them.
/// </summary>
[TestClass]
public sealed partial class CiPipelineFileTests
{
    private const string GitHub = "github-actions.yml";
    private const string Azure = "azure-pipelines.yml";

    [TestMethod]
    [DataRow(GitHub)]
    [DataRow(Azure)]
    public void IsOneYamlMapping(string file)
    {
        // Invalid YAML throws from YamlStream.Load.
        var pipeline = Pipeline.Load(file);
        Assert.IsNotEmpty(pipeline.Root.Children, file);
        Assert.IsNotEmpty(pipeline.Jobs, $"{file} has no jobs");
    }

    [TestMethod]
    public void GitHubWorkflowHasTheTriggersAndJobsARunnerNeeds()
    {
        var pipeline = Pipeline.Load(GitHub);
        var on = Get(pipeline.Root, "on");
        Assert.IsNotNull(on, "no 'on'");
        Assert.IsNotNull(Get(on, "pull_request"), "'on' has no pull_request");
        Assert.Contains("main", Strings(Get(Get(on, "push"), "branches")), "'on.push.branches' does not list main");
        var schedules = Get(on, "schedule") as YamlSequenceNode;
        Assert.IsNotNull(schedules, "'on' has no schedule");
        Assert.IsNotEmpty(schedules.Children);
        foreach (var schedule in schedules.Children)
            Assert.IsTrue(Cron().IsMatch(Scalar(schedule, "cron") ?? ""), $"not a cron: {Scalar(schedule, "cron")}");

        foreach (var job in pipeline.Jobs)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(Scalar(job.Node, "runs-on")), $"job {job.Name} has no runs-on");
            Assert.IsNotEmpty(job.Steps, $"job {job.Name} has no steps");
            foreach (var step in job.Steps)
            {
                var uses = Scalar(step.Node, "uses");
                Assert.IsTrue(uses is not null || Scalar(step.Node, "run") is not null, $"a step of {job.Name} neither uses an action nor runs a command");
                if (uses is not null) Assert.IsTrue(PinnedAction().IsMatch(uses), $"'{uses}' in {job.Name} is not pinned to a version (@vN)");
            }
            Assert.IsTrue(job.Steps.Any(s => Scalar(s.Node, "uses")?.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true
                                             && Scalar(Get(s.Node, "with"), "global-json-file") == "global.json"),
                $"job {job.Name} does not set up .NET from global.json");
        }

        var env = Get(pipeline.Root, "env");
        Assert.AreEqual("1", Scalar(env, "DOTNET_CLI_TELEMETRY_OPTOUT"));
        Assert.AreEqual("1", Scalar(env, "DOTNET_NOLOGO"));
    }

    [TestMethod]
    public void AzurePipelineHasTheTriggersAndJobsAnAgentNeeds()
    {
        var pipeline = Pipeline.Load(Azure);
        Assert.Contains("main", Strings(Get(Get(pipeline.Root, "trigger"), "branches") is { } t ? Get(t, "include") : null), "trigger does not include main");
        Assert.Contains("main", Strings(Get(Get(pipeline.Root, "pr"), "branches") is { } p ? Get(p, "include") : null), "pr does not include main");
        var schedules = Get(pipeline.Root, "schedules") as YamlSequenceNode;
        Assert.IsNotNull(schedules, "no schedules");
        Assert.IsNotEmpty(schedules.Children);
        foreach (var schedule in schedules.Children)
        {
            Assert.IsTrue(Cron().IsMatch(Scalar(schedule, "cron") ?? ""), $"not a cron: {Scalar(schedule, "cron")}");
            Assert.Contains("main", Strings(Get(Get(schedule, "branches"), "include")), "the schedule does not include main");
            // Without it a schedule runs only when a commit came in, and fresh data is not a commit.
            Assert.AreEqual("true", Scalar(schedule, "always"), "the schedule needs always: true");
        }
        Assert.IsTrue(Get(pipeline.Root, "stages") is YamlSequenceNode || Get(pipeline.Root, "jobs") is YamlSequenceNode, "neither stages nor jobs");

        var rootPool = Get(pipeline.Root, "pool");
        foreach (var job in pipeline.Jobs)
        {
            Assert.IsTrue(rootPool is not null || Get(job.Node, "pool") is not null, $"job {job.Name} has no pool");
            Assert.IsNotEmpty(job.Steps, $"job {job.Name} has no steps");
            foreach (var task in job.Steps.Select(s => Scalar(s.Node, "task")).OfType<string>())
                Assert.IsTrue(PinnedTask().IsMatch(task), $"task '{task}' in {job.Name} is not pinned to a major version (@N)");
            Assert.IsTrue(job.Steps.Any(s => Scalar(s.Node, "task") == "UseDotNet@2" && Scalar(Get(s.Node, "inputs"), "useGlobalJson") == "true"),
                $"job {job.Name} does not install .NET from global.json");
        }

        var variables = pipeline.Jobs[0].Variables;
        Assert.AreEqual("1", variables.GetValueOrDefault("DOTNET_CLI_TELEMETRY_OPTOUT"));
        Assert.AreEqual("1", variables.GetValueOrDefault("DOTNET_NOLOGO"));
    }

    [TestMethod]
    [DataRow(GitHub)]
    [DataRow(Azure)]
    public void RunsTheReadmeCommands(string file)
    {
        var (tryIt, test) = ReadmeCommands();
        var pipeline = Pipeline.Load(file);
        foreach (var command in tryIt.Append(test))
            Assert.IsTrue(pipeline.Jobs.Any(j => j.Commands.Any(c => Runs(c, command))), $"{file} does not run the README's `{command}`");

        // The tests run on pull requests, not only on main.
        Assert.IsTrue(pipeline.Jobs.Any(j => !j.MainOnly && j.Commands.Any(c => Runs(c, test))), $"{file} runs `{test}` only on main");
    }

    [TestMethod]
    [DataRow(GitHub)]
    [DataRow(Azure)]
    public void TheCacheFolderIsTheBuildsMlCacheDirectory(string file)
    {
        var pipeline = Pipeline.Load(file);
        var building = pipeline.Jobs.Where(j => j.Commands.Any(c => DotnetBuild().IsMatch(c))).ToList();
        Assert.IsNotEmpty(building, $"{file} never builds");
        foreach (var job in building)
        {
            var caches = job.Steps.Where(s => s.IsCache(pipeline.IsGitHub)).ToList();
            Assert.HasCount(1, caches, $"job {job.Name} builds a model without one cache step");
            var cache = caches[0];
            var cachePath = job.Expand(cache.With(pipeline.IsGitHub, "path") ?? "").TrimEnd('/');
            Assert.IsFalse(string.IsNullOrEmpty(cachePath), $"the cache step of {job.Name} has no path");

            var key = cache.With(pipeline.IsGitHub, "key") ?? "";
            Assert.Contains("**/*.mlmodel.json", key, $"the cache key of {job.Name} does not hash the specs");
            Assert.Contains("**/*.mlmodel.lock.json", key, $"the cache key of {job.Name} does not hash the lock files");

            var firstBuild = job.Steps.FindIndex(s => s.Scripts.SelectMany(CommandsOf).Any(c => DotnetBuild().IsMatch(c)));
            Assert.IsLessThan(firstBuild, job.Steps.IndexOf(cache), $"job {job.Name} restores the cache after it builds");

            foreach (var command in job.Commands.Where(c => DotnetBuild().IsMatch(c)))
            {
                var property = CacheProperty().Match(command);
                Assert.IsTrue(property.Success, $"`{command}` in {job.Name} does not pass MlCacheDirectory");
                Assert.AreEqual(cachePath, job.Expand(property.Groups["v"].Value).TrimEnd('/'), $"`{command}` in {job.Name} caches elsewhere than the cache step saves");
            }
        }
    }

    [TestMethod]
    [DataRow(GitHub)]
    [DataRow(Azure)]
    public void PushesOnlyFromMain(string file)
    {
        var pipeline = Pipeline.Load(file);
        var pushing = pipeline.Jobs.Where(j => j.Commands.Any(c => c.StartsWith("dotnet nuget push ", StringComparison.Ordinal))).ToList();
        Assert.IsNotEmpty(pushing, $"{file} never pushes");
        foreach (var job in pushing)
        {
            Assert.IsTrue(job.MainOnly, $"job {job.Name} pushes without a condition that it runs on refs/heads/main: {string.Join(" / ", job.Conditions)}");
            foreach (var push in job.Commands.Where(c => c.StartsWith("dotnet nuget push ", StringComparison.Ordinal)))
                foreach (var option in new[] { "--source", "--api-key", "--skip-duplicate" })
                    Assert.Contains(option, push, $"`{push}` in {job.Name}");
            var commands = job.Commands.ToList();
            Assert.IsLessThan(commands.FindIndex(c => c.StartsWith("dotnet nuget push ", StringComparison.Ordinal)),
                commands.FindIndex(c => c.StartsWith("dotnet pack ", StringComparison.Ordinal)), $"job {job.Name} pushes before it packs");
        }
    }

    [TestMethod]
    [DataRow(GitHub)]
    [DataRow(Azure)]
    public void ReportPathsAreTheModelArtifacts(string file)
    {
        // The layout the targets give the artifacts: obj/<Configuration>/<tfm>/ml/<Model>/<Model>.report.md.
        var targets = File.ReadAllText(RepositoryFiles.PathOf("build", "MlBuildTasks.targets"));
        Assert.Contains("$(IntermediateOutputPath)ml/", targets);
        Assert.Contains("<ArtifactDirectory>$(MlIntermediateOutputPath)%(ModelName)/</ArtifactDirectory>", targets);
        Assert.Contains("<ReportMarkdownFile>%(ArtifactDirectory)%(ModelName).report.md</ReportMarkdownFile>", targets);

        var (tryIt, _) = ReadmeCommands();
        var project = tryIt.First(c => c.StartsWith("dotnet pack ", StringComparison.Ordinal))["dotnet pack ".Length..].Trim();
        var projectFile = Directory.GetFiles(RepositoryFiles.PathOf(project), "*.csproj").Single();
        var framework = TargetFramework().Match(File.ReadAllText(projectFile)).Groups[1].Value;
        Assert.IsFalse(string.IsNullOrEmpty(framework), projectFile);

        var pipeline = Pipeline.Load(file);
        var found = 0;
        foreach (var job in pipeline.Jobs)
        {
            var configuration = job.Commands.Where(c => c.StartsWith($"dotnet build {project} ", StringComparison.Ordinal) || c.StartsWith($"dotnet pack {project} ", StringComparison.Ordinal))
                .Select(c => Configuration().Match(c)).Where(m => m.Success).Select(m => job.Expand(m.Groups["v"].Value)).Distinct().ToList();
            foreach (var step in job.Steps)
                foreach (var path in step.Scripts.SelectMany(s => ReportPath().Matches(job.Expand(s))).Select(m => m.Value))
                {
                    found++;
                    var parts = ArtifactPath().Match(path);
                    Assert.IsTrue(parts.Success, $"'{path}' in {job.Name} is not <project>/obj/<Configuration>/<tfm>/ml/<Model>/<Model>.report.md");
                    Assert.AreEqual(project, parts.Groups["project"].Value, $"'{path}' in {job.Name} is not in the model project");
                    Assert.HasCount(1, configuration, $"job {job.Name} reads reports but builds {project} in {configuration.Count} configurations");
                    Assert.AreEqual(configuration[0], parts.Groups["configuration"].Value, $"'{path}' in {job.Name}: not the configuration the job builds");
                    Assert.AreEqual(framework, parts.Groups["framework"].Value, $"'{path}' in {job.Name}: not the project's target framework");
                    var model = parts.Groups["model"].Value;
                    Assert.AreEqual(model, parts.Groups["file"].Value, $"'{path}' in {job.Name}: the file is not named after its model folder");
                    if (!model.StartsWith('$') && !model.Contains('*'))
                        Assert.IsTrue(File.Exists(RepositoryFiles.PathOf(project, model + ".mlmodel.json")), $"'{path}' in {job.Name}: no spec {model}.mlmodel.json");
                }
        }
        Assert.IsGreaterThan(0, found, $"{file} reads no report");

        var publishers = pipeline.Jobs.SelectMany(j => j.Steps).Where(s => s.Scripts.Any(x => ReportPath().IsMatch(x))).ToList();
        var destination = pipeline.IsGitHub ? "$GITHUB_STEP_SUMMARY" : "##vso[task.uploadsummary]";
        Assert.IsTrue(publishers.Any(s => s.Scripts.Any(x => x.Contains(destination, StringComparison.Ordinal))), $"{file} does not send a report to {destination}");
    }

    [TestMethod]
    public void GitHubCommentIsFoundByTheReportMarker()
    {
        var pipeline = Pipeline.Load(GitHub);
        var marker = ReportText.Marker("Model");
        var markerPrefix = marker[..marker.IndexOf("Model", StringComparison.Ordinal)];
        var commenting = pipeline.Jobs.Where(j => j.Steps.Any(s => s.Scripts.Any(x => x.Contains("createComment", StringComparison.Ordinal)))).ToList();
        Assert.HasCount(1, commenting, "one job comments on the pull request");
        var job = commenting[0];
        var step = job.Steps.Single(s => s.Scripts.Any(x => x.Contains("createComment", StringComparison.Ordinal)));
        Assert.StartsWith("actions/github-script@", Scalar(step.Node, "uses") ?? "");
        // The code, not its comments (which may quote the marker).
        var script = string.Join("\n", step.Scripts.Single().Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        Assert.Contains(markerPrefix, script, "the comment script does not look for the report's marker");
        Assert.Contains("updateComment", script, "the comment script never updates the existing comment");
        Assert.Contains("pull_request", step.Condition ?? "", "the comment step does not run only on pull requests");
        Assert.AreEqual("write", Scalar(Get(job.Node, "permissions"), "pull-requests"), $"job {job.Name} may not write pull-request comments");
    }

    [TestMethod]
    [DataRow(GitHub)]
    [DataRow(Azure)]
    public void PublishesTheTrx(string file)
    {
        var pipeline = Pipeline.Load(file);
        var testing = pipeline.Jobs.Where(j => j.Commands.Any(c => c.StartsWith("dotnet test ", StringComparison.Ordinal))).ToList();
        Assert.IsNotEmpty(testing);
        foreach (var job in testing)
            foreach (var test in job.Commands.Where(c => c.StartsWith("dotnet test ", StringComparison.Ordinal)))
            {
                Assert.IsTrue(TrxLogger().IsMatch(test), $"`{test}` in {job.Name} writes no TRX");
                var results = ResultsDirectory().Match(test);
                Assert.IsTrue(results.Success, $"`{test}` in {job.Name} has no --results-directory");
                var folder = job.Expand(results.Groups["v"].Value).TrimEnd('/');
                var published = pipeline.IsGitHub
                    ? job.Steps.Where(s => Scalar(s.Node, "uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true
                                           && (Scalar(Get(s.Node, "with"), "path") ?? "").Split('\n').Any(p => job.Expand(p.Trim()) == folder + "/*.trx"))
                    : job.Steps.Where(s => Scalar(s.Node, "task") == "PublishTestResults@2"
                                           && Scalar(Get(s.Node, "inputs"), "testResultsFormat") == "VSTest"
                                           && (Scalar(Get(s.Node, "inputs"), "testResultsFiles") ?? "").EndsWith(".trx", StringComparison.Ordinal)
                                           && job.Expand(Scalar(Get(s.Node, "inputs"), "searchFolder") ?? "").TrimEnd('/') == folder);
                var step = published.SingleOrDefault();
                Assert.IsNotNull(step, $"job {job.Name} does not publish the TRX files in {folder}");
                // Failed tests are the results that most need publishing.
                Assert.IsTrue(step.Condition is "always()" or "succeededOrFailed()", $"job {job.Name} publishes the TRX only when the tests pass");
            }
    }

    [TestMethod]
    [DataRow(GitHub)]
    [DataRow(Azure)]
    public void TheScheduledJobFetchesDataBeforeItBuildsAndReleases(string file)
    {
        var pipeline = Pipeline.Load(file);
        var scheduled = pipeline.Jobs.Where(j => j.Conditions.Any(c => ScheduleCondition().IsMatch(c))).ToList();
        Assert.HasCount(1, scheduled, $"{file}: one job runs on the schedule");
        var job = scheduled[0];
        var fetch = job.Steps.FindIndex(s => s.Scripts.Any(x => x.Contains("fetch-data", StringComparison.Ordinal)));
        Assert.IsGreaterThanOrEqualTo(0, fetch, $"job {job.Name} has no fetch-data step");
        Assert.IsLessThan(job.Steps.FindIndex(s => s.IsCache(pipeline.IsGitHub)), fetch, $"job {job.Name} computes the cache key before fetching the data");
        Assert.IsLessThan(job.Steps.FindIndex(s => s.Scripts.SelectMany(CommandsOf).Any(c => c.StartsWith("dotnet build ", StringComparison.Ordinal))), fetch,
            $"job {job.Name} builds before fetching the data");
        Assert.IsTrue(job.Commands.Any(c => c.StartsWith("dotnet nuget push ", StringComparison.Ordinal)), $"job {job.Name} never releases");

        // The drift check runs on the schedule, after the logs are fetched and before the retraining build, against the latest release.
        var drift = job.Steps.FindIndex(s => s.Scripts.SelectMany(CommandsOf).Any(c => c.Contains("-t:MlCheckDrift", StringComparison.Ordinal)));
        Assert.IsGreaterThan(fetch, drift, $"job {job.Name} has no drift check (dotnet build -t:MlCheckDrift) after fetching the logs");
        var driftCommand = job.Steps[drift].Scripts.SelectMany(CommandsOf).First(c => c.Contains("-t:MlCheckDrift", StringComparison.Ordinal));
        StringAssert.Contains(driftCommand, "-p:MlPredictionLogs=");
        StringAssert.Contains(driftCommand, "-p:MlDriftReference=release");
        var retrain = job.Steps.FindIndex(s => s.Scripts.SelectMany(CommandsOf).Any(c => c.StartsWith("dotnet build ", StringComparison.Ordinal) && !c.Contains("-t:MlCheckDrift", StringComparison.Ordinal)));
        Assert.IsGreaterThan(drift, retrain, $"job {job.Name} retrains before its drift check");
        StringAssert.Contains(job.Steps[retrain].Scripts.SelectMany(CommandsOf).First(c => c.StartsWith("dotnet build ", StringComparison.Ordinal)), "-p:MlIncludeFeedback=");
        Assert.IsFalse(pipeline.Jobs.Where(j => j != job).SelectMany(j => j.Commands).Any(c => c.Contains("MlCheckDrift", StringComparison.Ordinal)),
            $"{file}: only the scheduled job checks drift");
    }

    /// <summary>The README's "Try it" command, split at <c>&amp;&amp;</c>, and its test command.</summary>
    private static (IReadOnlyList<string> TryIt, string Test) ReadmeCommands()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("\n## Try it\n", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, start, "README.md has no '## Try it' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var blocks = ShellBlock().Matches(readme[start..(end < 0 ? readme.Length : end)]).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.IsGreaterThanOrEqualTo(2, blocks.Count, "the 'Try it' section has fewer than two ```sh blocks");
        var tryIt = blocks[0].Split("&&", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.IsTrue(tryIt.Any(c => c.StartsWith("dotnet pack ", StringComparison.Ordinal)), $"the first block is not a pack command: {blocks[0]}");
        var test = blocks.Single(b => b.StartsWith("dotnet test ", StringComparison.Ordinal));
        return (tryIt, test);
    }

    /// <summary>The command is <paramref name="readme"/>, or it with more arguments after.</summary>
    private static bool Runs(string command, string readme) =>
        command == readme || (command.StartsWith(readme, StringComparison.Ordinal) && char.IsWhiteSpace(command[readme.Length]));

    /// <summary>A script's commands: comment lines dropped, continued lines joined, split at && and ||.</summary>
    private static IEnumerable<string> CommandsOf(string script) =>
        script.ReplaceLineEndings("\n").Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("//", StringComparison.Ordinal))
            .SelectMany(l => l.Split(["&&", "||"], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Replaces references to the pipeline's own variables (<c>${{ env.X }}</c>, <c>$(X)</c>, <c>$X</c>, <c>${X}</c>, <c>process.env.X</c>) with their values.</summary>
    private static string Expand(string text, IReadOnlyDictionary<string, string> variables)
    {
        for (var i = 0; i < 5; i++)
        {
            var next = VariableReference().Replace(text, m => variables.TryGetValue(m.Groups["n"].Value, out var value) ? value : m.Value);
            if (next == text) break;
            text = next;
        }
        return text;
    }

    private static YamlNode? Get(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node, string key) => (Get(node, key) as YamlScalarNode)?.Value;

    private static List<string> Strings(YamlNode? node) => node switch
    {
        YamlSequenceNode sequence => sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList(),
        YamlScalarNode scalar => [scalar.Value ?? ""],
        _ => [],
    };

    private static Dictionary<string, string> Variables(YamlNode? node, IReadOnlyDictionary<string, string> outer)
    {
        var variables = new Dictionary<string, string>(outer);
        if (node is YamlMappingNode mapping)
            foreach (var (key, value) in mapping.Children)
                if (key is YamlScalarNode { Value: { } name } && value is YamlScalarNode { Value: { } text }) variables[name] = text;
        if (node is YamlSequenceNode sequence)
            foreach (var item in sequence.Children)
                if (Scalar(item, "name") is { } name && Scalar(item, "value") is { } text) variables[name] = text;
        return variables;
    }

    private sealed record Step(YamlMappingNode Node, IReadOnlyList<string> Scripts, string? Condition)
    {
        public bool IsCache(bool gitHub) => gitHub
            ? Scalar(Node, "uses")?.StartsWith("actions/cache@", StringComparison.Ordinal) == true
            : Scalar(Node, "task")?.StartsWith("Cache@", StringComparison.Ordinal) == true;

        public string? With(bool gitHub, string input) => Scalar(Get(Node, gitHub ? "with" : "inputs"), input);
    }

    /// <summary>A job with the conditions it runs under (its stage's, its own) and the variables it sees.</summary>
    private sealed record Job(string Name, YamlMappingNode Node, IReadOnlyList<string> Conditions, IReadOnlyDictionary<string, string> Variables, List<Step> Steps)
    {
        public IEnumerable<string> Commands => Steps.SelectMany(s => s.Scripts).SelectMany(CommandsOf);

        public string Expand(string text) => CiPipelineFileTests.Expand(text, Variables);

        /// <summary>A condition of the job (or its stage) requires the main branch: a top-level conjunct, so nothing widens it.</summary>
        public bool MainOnly => Conditions.Any(c => Conjuncts(c).Any(part => MainBranch().IsMatch(part)));

        private static IEnumerable<string> Conjuncts(string condition)
        {
            condition = condition.Trim();
            if (condition.StartsWith("and(", StringComparison.Ordinal) && condition.EndsWith(')'))
                return SplitTopLevel(condition[4..^1], ",");
            // An || at the top level makes none of the parts required.
            return SplitTopLevel(condition, "||").Count > 1 ? [] : SplitTopLevel(condition, "&&");
        }

        private static List<string> SplitTopLevel(string text, string separator)
        {
            var parts = new List<string>();
            int depth = 0, start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '(') depth++;
                else if (text[i] == ')') depth--;
                else if (depth == 0 && string.CompareOrdinal(text, i, separator, 0, separator.Length) == 0)
                {
                    parts.Add(text[start..i].Trim());
                    start = i + separator.Length;
                }
            }
            parts.Add(text[start..].Trim());
            return parts;
        }
    }

    private sealed record Pipeline(bool IsGitHub, YamlMappingNode Root, List<Job> Jobs)
    {
        public static Pipeline Load(string file)
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(File.ReadAllText(RepositoryFiles.PathOf("docs", "ci", file))))
                stream.Load(reader);
            Assert.HasCount(1, stream.Documents, $"{file} is not one YAML document");
            var root = stream.Documents[0].RootNode as YamlMappingNode;
            Assert.IsNotNull(root, $"{file} is not a mapping");
            var gitHub = file == GitHub;
            return new Pipeline(gitHub, root, gitHub ? GitHubJobs(root) : AzureJobs(root));
        }

        private static List<Job> GitHubJobs(YamlMappingNode root)
        {
            var env = Variables(Get(root, "env"), new Dictionary<string, string>());
            var jobs = new List<Job>();
            if (Get(root, "jobs") is not YamlMappingNode mapping) return jobs;
            foreach (var (key, value) in mapping.Children)
            {
                if (value is not YamlMappingNode job) continue;
                var steps = (Get(job, "steps") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>()
                    .Select(s => new Step(s, new[] { Scalar(s, "run"), Scalar(Get(s, "with"), "script") }.OfType<string>().ToList(), Scalar(s, "if")))
                    .ToList() ?? [];
                jobs.Add(new Job(((YamlScalarNode)key).Value!, job, Scalar(job, "if") is { } condition ? [condition] : [], Variables(Get(job, "env"), env), steps));
            }
            return jobs;
        }

        private static List<Job> AzureJobs(YamlMappingNode root)
        {
            var variables = Variables(Get(root, "variables"), new Dictionary<string, string>());
            var jobs = new List<Job>();
            if (Get(root, "stages") is YamlSequenceNode stages)
                foreach (var stage in stages.Children.OfType<YamlMappingNode>())
                    AddJobs(jobs, Get(stage, "jobs"), Scalar(stage, "condition") is { } c ? [c] : [], Variables(Get(stage, "variables"), variables));
            else if (Get(root, "jobs") is { } rootJobs)
                AddJobs(jobs, rootJobs, [], variables);
            else if (Get(root, "steps") is not null)
                jobs.Add(AzureJob("(root)", root, [], variables));
            return jobs;
        }

        private static void AddJobs(List<Job> jobs, YamlNode? node, List<string> conditions, Dictionary<string, string> variables)
        {
            foreach (var job in (node as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [])
                jobs.Add(AzureJob(Scalar(job, "job") ?? Scalar(job, "deployment") ?? "?", job, conditions, variables));
        }

        private static Job AzureJob(string name, YamlMappingNode job, List<string> conditions, Dictionary<string, string> variables)
        {
            var steps = (Get(job, "steps") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>()
                .Select(s => new Step(s, new[] { Scalar(s, "script"), Scalar(s, "bash"), Scalar(s, "pwsh"), Scalar(s, "powershell") }.OfType<string>().ToList(), Scalar(s, "condition")))
                .ToList() ?? [];
            return new Job(name, job, Scalar(job, "condition") is { } c ? [.. conditions, c] : conditions, Variables(Get(job, "variables"), variables), steps);
        }
    }

    [GeneratedRegex(@"^\S+ \S+ \S+ \S+ \S+$")]
    private static partial Regex Cron();

    [GeneratedRegex(@"^[\w.-]+/[\w.-]+(/[\w./-]+)?@v\d+(\.\d+)*$")]
    private static partial Regex PinnedAction();

    [GeneratedRegex(@"^\w+@\d+$")]
    private static partial Regex PinnedTask();

    [GeneratedRegex(@"^dotnet (build|test|pack)\b")]
    private static partial Regex DotnetBuild();

    [GeneratedRegex(@"(?:-p:|/p:|--property:)MlCacheDirectory=(?:""(?<v>[^""]*)""|(?<v>\S+))")]
    private static partial Regex CacheProperty();

    [GeneratedRegex(@"(?:^|\s)(?:-c|--configuration)\s+(?:""(?<v>[^""]*)""|(?<v>\S+))")]
    private static partial Regex Configuration();

    [GeneratedRegex(@"--logger\s+""?trx")]
    private static partial Regex TrxLogger();

    [GeneratedRegex(@"--results-directory\s+(?:""(?<v>[^""]*)""|(?<v>\S+))")]
    private static partial Regex ResultsDirectory();

    [GeneratedRegex(@"[^\s""'`\]]+\.report\.md")]
    private static partial Regex ReportPath();

    [GeneratedRegex(@"^(?:\$PWD/|\$\{\{\s*github\.workspace\s*\}\}/|\$\(System\.DefaultWorkingDirectory\)/)?(?<project>.+?)/obj/(?<configuration>[^/]+)/(?<framework>[^/]+)/ml/(?<model>[^/]+)/(?<file>[^/]+)\.report\.md$")]
    private static partial Regex ArtifactPath();

    [GeneratedRegex(@"<TargetFramework>([^<]+)</TargetFramework>")]
    private static partial Regex TargetFramework();

    [GeneratedRegex(@"^github\.ref\s*==\s*'refs/heads/main'$|^eq\(variables\['Build\.SourceBranch'\],\s*'refs/heads/main'\)$")]
    private static partial Regex MainBranch();

    [GeneratedRegex(@"github\.event_name\s*==\s*'schedule'|eq\(variables\['Build\.Reason'\],\s*'Schedule'\)")]
    private static partial Regex ScheduleCondition();

    [GeneratedRegex(@"```sh\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"\$\{\{\s*(?:env|variables)\.(?<n>\w+)\s*\}\}|\$\{process\.env\.(?<n>\w+)\}|process\.env\.(?<n>\w+)|\$\((?<n>\w+)\)|\$\{(?<n>\w+)\}|\$(?<n>[A-Za-z_]\w*)")]
    private static partial Regex VariableReference();
}
