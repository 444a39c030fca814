namespace MlBuildTasks.Engine.Validation;

/// <summary>How data checks report: cells listed per failing check, and whether warnings fail the build.</summary>
public sealed record ValidationOptions(int MaxListedPerCheck = ValidationOptions.DefaultMaxListedPerCheck, bool WarningsAsErrors = false)
{
    public const int DefaultMaxListedPerCheck = 10;
}
