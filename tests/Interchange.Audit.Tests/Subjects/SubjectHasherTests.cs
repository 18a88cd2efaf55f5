using Interchange.Audit.Subjects;

namespace Interchange.Audit.Tests.Subjects;

public sealed class SubjectHasherTests
{
    // Key 00 01 … 1f; expected values computed independently (Python: hmac.new(key, msg, sha256).hexdigest()).
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Theory]
    [InlineData("11010519491231002X", "a66755453b106dcea0cfa264214ae59ff1e8b067f3e5f3aa8085e1d8757880eb")]
    [InlineData("91440300MA5DABCDEF", "fa333dd1b3678a92cb65d459470a81aaff716ff3a2b2acc4810c5db70aa9fd3f")]
    public void Hash_IsHmacSha256UnderTheKey_AsLowercaseHex(string subject, string expected)
    {
        using var hasher = new SubjectHasher(Key);

        Assert.Equal(expected, hasher.Hash(subject));
    }

    [Fact]
    public void Hash_OneSubjectWrittenDifferently_IsOneHash()
    {
        using var hasher = new SubjectHasher(Key);

        Assert.Equal(hasher.Hash("11010519491231002X"), hasher.Hash(" 11010519491231002x\t"));
        Assert.NotEqual(hasher.Hash("11010519491231002X"), hasher.Hash("11010519491231003X"));
    }

    [Fact]
    public void Hash_UnderAnotherKey_DiffersSoAGuessCannotBeTestedWithoutTheKey()
    {
        using var ours = new SubjectHasher(Key);
        using var theirs = new SubjectHasher(new byte[32]);

        Assert.NotEqual(ours.Hash("11010519491231002X"), theirs.Hash("11010519491231002X"));
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("11010519491231002X"u8)), ours.Hash("11010519491231002X"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Hash_NoIdentifier_IsNull(string? subject)
    {
        using var hasher = new SubjectHasher(Key);

        Assert.Null(hasher.Hash(subject));
    }

    [Fact]
    public void Hash_LongerThanAnIdentifier_IsNull()
    {
        using var hasher = new SubjectHasher(Key);

        Assert.NotNull(hasher.Hash(new string('1', SubjectHasher.MaxSubjectLength)));
        Assert.Null(hasher.Hash(new string('1', SubjectHasher.MaxSubjectLength + 1)));
    }

    [Fact]
    public void HashAll_GivesDistinctHashesInAscendingOrder_DroppingNonIdentifiers()
    {
        using var hasher = new SubjectHasher(Key);

        var hashes = hasher.HashAll(["91440300MA5DABCDEF", "11010519491231002X", "11010519491231002x", "", "91440300MA5DABCDEF"]);

        Assert.Equal(
            ["a66755453b106dcea0cfa264214ae59ff1e8b067f3e5f3aa8085e1d8757880eb", "fa333dd1b3678a92cb65d459470a81aaff716ff3a2b2acc4810c5db70aa9fd3f"],
            hashes);
        Assert.Empty(hasher.HashAll([]));
    }

    [Fact]
    public void Constructor_KeyOfTheWrongSize_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new SubjectHasher(new byte[16]));
    }

    [Fact]
    public void FromFile_Missing_IsGeneratedOnlyWhereAllowed_AndReadBackTheSame()
    {
        var directory = Path.Combine(Path.GetTempPath(), "interchange-subject-key-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(directory, "subject.key");
        try
        {
            var refused = Assert.Throws<InvalidOperationException>(() => SubjectHasher.FromFile(path, mayGenerate: false));
            Assert.Contains(path, refused.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(path));

            using var generated = SubjectHasher.FromFile(path, mayGenerate: true);
            using var reloaded = SubjectHasher.FromFile(path, mayGenerate: false);

            Assert.Equal(32, new FileInfo(path).Length);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            Assert.Equal(generated.Hash("11010519491231002X"), reloaded.Hash("11010519491231002X"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
