namespace MlBuildTasks.Engine.Tests.Support;

/// <summary>Finds where a token sits in test text, so tests state positions by content, not by counting.</summary>
internal static class TextPosition
{
    /// <summary>1-based (line, column) of the first <paramref name="token"/> on 1-based line <paramref name="line"/>.</summary>
    public static (int Line, int Column) Of(string text, int line, string token)
    {
        var lines = text.Split('\n');
        var index = lines[line - 1].IndexOf(token, StringComparison.Ordinal);
        if (index < 0) throw new ArgumentException($"'{token}' is not on line {line}: {lines[line - 1]}");
        return (line, index + 1);
    }
}
