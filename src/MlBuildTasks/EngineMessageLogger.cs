using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MlBuildTasks
{
    /// <summary>Maps one engine message to MSBuild's logger, keeping code, file, line and column so IDEs can jump to the cell.</summary>
    public static class EngineMessageLogger
    {
        public const string Subcategory = "MlBuildTasks";

        public static void Log(TaskLoggingHelper log, EngineMessage message)
        {
            if (message.Kind == "diagnostic")
            {
                var text = message.Message ?? "";
                switch (message.Severity)
                {
                    case "error":
                        log.LogError(Subcategory, message.Code, null, message.File, message.Line, message.Column, 0, 0, "{0}", text);
                        break;
                    case "warning":
                        log.LogWarning(Subcategory, message.Code, null, message.File, message.Line, message.Column, 0, 0, "{0}", text);
                        break;
                    default:
                        log.LogMessage(Subcategory, message.Code, null, message.File, message.Line, message.Column, 0, 0, MessageImportance.Normal, "{0}", text);
                        break;
                }

                return;
            }

            var importance = message.Importance == "high" ? MessageImportance.High : MessageImportance.Normal;
            log.LogMessage(importance, "{0}", message.Text ?? "");
        }
    }
}
