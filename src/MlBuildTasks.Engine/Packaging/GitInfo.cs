namespace MlBuildTasks.Engine.Packaging;

/// <summary>
/// Reads the commit a folder is checked out at straight from <c>.git</c> (HEAD, loose refs, packed-refs,
/// worktree <c>gitdir:</c> files), so lineage needs no git executable.
/// </summary>
public static class GitInfo
{
    public static string? CommitOf(string directory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(directory)); dir is not null; dir = dir.Parent)
        {
            var dotGit = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(dotGit)) return ReadHead(dotGit);
            if (File.Exists(dotGit))
            {
                var pointer = File.ReadAllText(dotGit).Trim();
                if (pointer.StartsWith("gitdir:", StringComparison.Ordinal))
                    return ReadHead(Path.GetFullPath(Path.Combine(dir.FullName, pointer["gitdir:".Length..].Trim())));
            }
        }

        return null;
    }

    private static string? ReadHead(string gitDir)
    {
        var headPath = Path.Combine(gitDir, "HEAD");
        if (!File.Exists(headPath)) return null;
        var head = File.ReadAllText(headPath).Trim();
        if (!head.StartsWith("ref:", StringComparison.Ordinal)) return IsSha(head) ? head : null;

        var reference = head["ref:".Length..].Trim();
        // A worktree keeps refs in the common folder.
        var common = File.Exists(Path.Combine(gitDir, "commondir"))
            ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(Path.Combine(gitDir, "commondir")).Trim()))
            : gitDir;
        foreach (var root in new[] { gitDir, common })
        {
            var loose = Path.Combine(root, reference);
            if (File.Exists(loose)) return File.ReadAllText(loose).Trim() is var sha && IsSha(sha) ? sha : null;
        }

        var packed = Path.Combine(common, "packed-refs");
        if (!File.Exists(packed)) return null; // a branch with no commits yet
        foreach (var line in File.ReadLines(packed))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && parts[1] == reference && IsSha(parts[0])) return parts[0];
        }

        return null;
    }

    private static bool IsSha(string text) => text.Length is 40 or 64 && text.All(char.IsAsciiHexDigit);
}
