using MlBuildTasks.Engine.Packaging;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Packaging;

[TestClass]
public sealed class GitInfoTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string OtherSha = "fedcba9876543210fedcba9876543210fedcba98";

    [TestMethod]
    public void BranchHeadIsReadFromItsLooseRef()
    {
        using var repo = new TempFolder();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        repo.Write(".git/refs/heads/main", Sha + "\n");
        repo.Write(".git/packed-refs", $"{OtherSha} refs/heads/main\n");

        Assert.AreEqual(Sha, GitInfo.CommitOf(repo.Path));
    }

    [TestMethod]
    public void SubfolderFindsTheRepositoryAbove()
    {
        using var repo = new TempFolder();
        repo.Write(".git/HEAD", "ref: refs/heads/feature/x\n");
        repo.Write(".git/refs/heads/feature/x", Sha);
        Assert.AreEqual(Sha, GitInfo.CommitOf(repo.CreateDirectory("src/models")));
    }

    [TestMethod]
    public void BranchHeadIsReadFromPackedRefs()
    {
        using var repo = new TempFolder();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        repo.Write(".git/packed-refs", $"# pack-refs with: peeled fully-peeled sorted\n{OtherSha} refs/heads/dev\n{Sha} refs/heads/main\n^{OtherSha}\n");

        Assert.AreEqual(Sha, GitInfo.CommitOf(repo.Path));
    }

    [TestMethod]
    public void DetachedHeadIsTheCommitItself()
    {
        using var repo = new TempFolder();
        repo.Write(".git/HEAD", Sha + "\n");
        Assert.AreEqual(Sha, GitInfo.CommitOf(repo.Path));
    }

    [TestMethod]
    public void BranchWithoutCommitsHasNoCommit()
    {
        using var repo = new TempFolder();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        Assert.IsNull(GitInfo.CommitOf(repo.Path));
    }

    [TestMethod]
    public void HeadThatIsNotAShaHasNoCommit()
    {
        using var repo = new TempFolder();
        repo.Write(".git/HEAD", "not a sha\n");
        Assert.IsNull(GitInfo.CommitOf(repo.Path));
    }

    [TestMethod]
    public void WorktreeFileLeadsToItsGitDirAndCommonRefs()
    {
        using var repo = new TempFolder();
        repo.Write("main/.git/refs/heads/topic", Sha + "\n");
        repo.Write("main/.git/worktrees/wt/HEAD", "ref: refs/heads/topic\n");
        repo.Write("main/.git/worktrees/wt/commondir", "../..\n");
        repo.Write("wt/.git", "gitdir: ../main/.git/worktrees/wt\n");

        Assert.AreEqual(Sha, GitInfo.CommitOf(repo.Combine("wt")));
    }

    [TestMethod]
    public void FolderOutsideAnyRepositoryHasNoCommit()
    {
        using var folder = new TempFolder();
        Assert.IsNull(GitInfo.CommitOf(folder.CreateDirectory("a/b")));
    }
}
