using MlBuildTasks.Runtime.Tests.Support;

namespace MlBuildTasks.Runtime.Tests.Integrity;

[TestClass]
public sealed class ModelIntegrityTests
{
    private const string Model = "ChurnModel";
    private const string Zip = Model + ".zip";
    private const string Signature = Model + ".signature.json";

    private string _directory = "";

    [TestInitialize]
    public void MakeFiles()
    {
        _directory = Checksums.NewDirectory();
        var bytes = new byte[10_000];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(PathOf(Zip), bytes);
        File.WriteAllText(PathOf(Signature), """{ "schemaVersion": 1, "model": "ChurnModel" }""");
    }

    [TestCleanup]
    public void RemoveFiles() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [TestMethod]
    public void FilesMatchingTheirListPass()
    {
        var list = Checksums.Write(_directory, Model, Zip, Signature);

        ModelIntegrity.Verify(_directory, Model, Zip, Signature);

        Assert.AreEqual(Path.Combine(_directory, Model + ".sha256"), ModelIntegrity.ChecksumFileOf(_directory, Model));
        Assert.AreEqual(Checksums.Of(PathOf(Zip)), ModelIntegrity.Sha256Of(PathOf(Zip)));
        // The list the test writes is what sha256sum itself accepts (where the machine has it).
        Assert.AreNotEqual(false, Checksums.VerifiesWithSha256sum(_directory, Path.GetFileName(list)));
    }

    [TestMethod]
    public void OneFlippedByteInTheMiddleIsRefusedNamingThePathAndBothHashes()
    {
        Checksums.Write(_directory, Model, Zip, Signature);
        var expected = Checksums.Of(PathOf(Zip));
        var bytes = File.ReadAllBytes(PathOf(Zip));
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(PathOf(Zip), bytes);
        var actual = Checksums.Of(PathOf(Zip));
        Assert.AreNotEqual(expected, actual);
        Assert.AreNotEqual(true, Checksums.VerifiesWithSha256sum(_directory, Model + ".sha256"));

        var error = Assert.ThrowsExactly<ModelIntegrityException>(() => ModelIntegrity.Verify(_directory, Model, Zip, Signature));

        Assert.AreEqual(PathOf(Zip), error.Path);
        Assert.Contains(PathOf(Zip), error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Contains(actual, error.Message);
    }

    [TestMethod]
    public void ATruncatedFileIsRefused()
    {
        Checksums.Write(_directory, Model, Zip, Signature);
        using (var stream = File.Open(PathOf(Zip), FileMode.Open)) stream.SetLength(stream.Length - 1);

        var error = Assert.ThrowsExactly<ModelIntegrityException>(() => ModelIntegrity.Verify(_directory, Model, Zip));

        Assert.AreEqual(PathOf(Zip), error.Path);
        Assert.Contains($"{9_999:N0} bytes", error.Message);
    }

    [TestMethod]
    public void AMissingListIsRefusedSayingSo()
    {
        var error = Assert.ThrowsExactly<ModelIntegrityException>(() => ModelIntegrity.Verify(_directory, Model, Zip));

        Assert.AreEqual(ModelIntegrity.ChecksumFileOf(_directory, Model), error.Path);
        Assert.Contains(Model + ".sha256", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [TestMethod]
    public void AFileTheListDoesNotNameIsRefused()
    {
        Checksums.Write(_directory, Model, Signature);

        var error = Assert.ThrowsExactly<ModelIntegrityException>(() => ModelIntegrity.Verify(_directory, Model, Signature, Zip));

        Assert.AreEqual(PathOf(Zip), error.Path);
        Assert.Contains($"no checksum for '{Zip}'", error.Message);
    }

    [TestMethod]
    public void AListedFileThatIsMissingIsRefused()
    {
        Checksums.Write(_directory, Model, Zip, Signature);
        File.Delete(PathOf(Zip));

        var error = Assert.ThrowsExactly<ModelIntegrityException>(() => ModelIntegrity.Verify(_directory, Model, Zip));

        Assert.AreEqual(PathOf(Zip), error.Path);
        Assert.Contains("missing", error.Message);
    }

    [TestMethod]
    public void BinaryModeLinesAreAccepted()
    {
        File.WriteAllText(PathOf(Model + ".sha256"),
            $"{Checksums.Of(PathOf(Signature))} *{Signature}\n{Checksums.Of(PathOf(Zip))} *{Zip}\n");
        Assert.AreNotEqual(false, Checksums.VerifiesWithSha256sum(_directory, Model + ".sha256"));

        ModelIntegrity.Verify(_directory, Model, Zip, Signature);
    }

    [TestMethod]
    public void BinaryModeLinesStillCatchAChangedFile()
    {
        File.WriteAllText(PathOf(Model + ".sha256"), $"{Checksums.Of(PathOf(Zip))} *{Zip}\n");
        File.AppendAllText(PathOf(Zip), "x");

        Assert.ThrowsExactly<ModelIntegrityException>(() => ModelIntegrity.Verify(_directory, Model, Zip));
    }

    [TestMethod]
    public void HashesAreComparedCaseInsensitively()
    {
        File.WriteAllText(PathOf(Model + ".sha256"), $"{Checksums.Of(PathOf(Zip)).ToUpperInvariant()}  {Zip}\r\n");

        ModelIntegrity.Verify(_directory, Model, Zip);
    }

    [TestMethod]
    public void AnotherFilesHashDoesNotPass()
    {
        // The list names the zip with the signature's hash: a swapped file is caught, not just a corrupted one.
        File.WriteAllText(PathOf(Model + ".sha256"), $"{Checksums.Of(PathOf(Signature))}  {Zip}\n");

        var error = Assert.ThrowsExactly<ModelIntegrityException>(() => ModelIntegrity.Verify(_directory, Model, Zip));

        Assert.Contains(Checksums.Of(PathOf(Signature)), error.Message);
    }
}
