using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MlBuildTasks.Tasks.Tests;

[TestClass]
public sealed class EngineMessageTests
{
    private static (FakeBuildEngine Engine, TaskLoggingHelper Log) NewLogger()
    {
        var engine = new FakeBuildEngine();
        var task = new TrainModel { BuildEngine = engine };
        return (engine, task.Log);
    }

    [TestMethod]
    public void ErrorLineBecomesAnMSBuildErrorWithCodeFileLineAndColumn()
    {
        var (engine, log) = NewLogger();
        var message = EngineMessage.TryParse("""{"kind":"diagnostic","severity":"error","code":"MLB2005","file":"/data/churn.csv","line":17,"column":9,"message":"Column 'Tenure' expects a number but found 'abc'."}""");

        EngineMessageLogger.Log(log, message!);

        var error = engine.Errors.Single();
        Assert.AreEqual("MLB2005", error.Code);
        Assert.AreEqual("/data/churn.csv", error.File);
        Assert.AreEqual(17, error.LineNumber);
        Assert.AreEqual(9, error.ColumnNumber);
        Assert.AreEqual("MlBuildTasks", error.Subcategory);
        Assert.AreEqual("Column 'Tenure' expects a number but found 'abc'.", error.Message);
    }

    [TestMethod]
    public void WarningLineBecomesAnMSBuildWarning()
    {
        var (engine, log) = NewLogger();
        EngineMessageLogger.Log(log, EngineMessage.TryParse("""{"kind":"diagnostic","severity":"warning","code":"MLB2099","file":null,"line":0,"column":0,"message":"careful"}""")!);

        Assert.IsEmpty(engine.Errors);
        Assert.AreEqual("MLB2099", engine.Warnings.Single().Code);
    }

    [TestMethod]
    public void MessagesKeepTheirImportance()
    {
        var (engine, log) = NewLogger();
        EngineMessageLogger.Log(log, EngineMessage.TryParse("""{"kind":"message","importance":"high","text":"trained"}""")!);
        EngineMessageLogger.Log(log, EngineMessage.TryParse("""{"kind":"message","importance":"normal","text":"detail"}""")!);

        Assert.AreEqual(MessageImportance.High, engine.Messages.Single(m => m.Message == "trained").Importance);
        Assert.AreEqual(MessageImportance.Normal, engine.Messages.Single(m => m.Message == "detail").Importance);
    }

    [TestMethod]
    public void UnicodeAndEscapesSurviveTheProtocol()
    {
        var message = EngineMessage.TryParse("""{"kind":"diagnostic","severity":"error","code":"MLB1003","file":"C:\\d\\spec \u00e9.json","line":1,"column":2,"message":"Unknown field \u0027x\u0027\nsecond line"}""");

        Assert.IsNotNull(message);
        Assert.AreEqual(@"C:\d\spec é.json", message.File);
        Assert.AreEqual("Unknown field 'x'\nsecond line", message.Message);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("Unhandled exception. System.Exception: boom")]
    [DataRow("{\"kind\": broken json")]
    [DataRow("[1,2,3]")]
    public void OtherLinesAreNotProtocolMessages(string line) => Assert.IsNull(EngineMessage.TryParse(line));
}
