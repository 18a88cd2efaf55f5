using GraphQL;
using Interchange.Catalog.Schema;

namespace Interchange.Catalog.Tests.Schema;

public sealed class CursorTests
{
    [Theory]
    [InlineData("business-licenses")]
    [InlineData("数据集-1")]
    [InlineData("a+b/c=d")]
    public void Decode_CursorThisConnectionIssued_ReturnsTheKey(string key)
    {
        var cursor = Cursor.Encode(Cursor.Datasets, key);

        Assert.Equal(key, Cursor.Decode(Cursor.Datasets, cursor));
        Assert.DoesNotContain('=', cursor);
        Assert.DoesNotContain('+', cursor);
        Assert.DoesNotContain('/', cursor);
    }

    [Fact]
    public void DecodeIndex_CursorThisConnectionIssued_ReturnsTheIndex()
    {
        var cursor = Cursor.EncodeIndex(Cursor.AuditEvents, 1234567890123);

        Assert.Equal(1234567890123, Cursor.DecodeIndex(Cursor.AuditEvents, cursor));
    }

    [Fact]
    public void Decode_CursorOfAnotherConnection_IsBadUserInput()
    {
        var cursor = Cursor.EncodeIndex(Cursor.AuditEvents, 7);

        var error = Assert.Throws<ExecutionError>(() => Cursor.Decode(Cursor.Datasets, cursor));

        Assert.Equal(ErrorCodes.BadUserInput, error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!")]
    [InlineData("abc")]
    [InlineData("not-a-cursor")]
    [InlineData("ZGF0YXNldHM6")]
    [InlineData("ZGF0YXNldHM6YQ==")]
    public void Decode_StringNotIssued_IsBadUserInput(string cursor)
    {
        var error = Assert.Throws<ExecutionError>(() => Cursor.Decode(Cursor.Datasets, cursor));

        Assert.Equal(ErrorCodes.BadUserInput, error.Code);
        Assert.Equal("The 'after' cursor is not one this API issued.", error.Message);
    }

    [Fact]
    public void DecodeIndex_KeyThatIsNotAnIndex_IsBadUserInput()
    {
        var cursor = Cursor.Encode(Cursor.AuditEvents, "-1");

        var error = Assert.Throws<ExecutionError>(() => Cursor.DecodeIndex(Cursor.AuditEvents, cursor));

        Assert.Equal(ErrorCodes.BadUserInput, error.Code);
    }
}
