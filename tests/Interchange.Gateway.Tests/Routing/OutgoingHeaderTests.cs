using Interchange.Core.Http;
using Interchange.Gateway.Routing;

namespace Interchange.Gateway.Tests.Routing;

/// <summary>No header leaves the gateway unchecked: control characters, non-ASCII and unbounded values are never sent.</summary>
public sealed class OutgoingHeaderTests
{
    public static TheoryData<string> Unsendable() =>
    [
        "",
        "CASE-1\r\nInterchange-Agency: sz-public-security",
        "CASE-1\nX: y",
        "CASE\0-1",
        "CASE-\u001b[31m",
        "CASE-\u007f",
        "案件-1",
        new string('a', OutgoingHeader.MaxValueLength + 1),
    ];

    [Theory]
    [MemberData(nameof(Unsendable))]
    public void Add_ValueThatMayNotBeSent_ThrowsWithoutQuotingItAndAddsNothing(string value)
    {
        using var request = new HttpRequestMessage();

        var e = Assert.Throws<InvalidOperationException>(() => OutgoingHeader.Add(request.Headers, InterchangeHeaders.Case, value));

        Assert.False(request.Headers.Contains(InterchangeHeaders.Case));
        if (value.Length > 0)
        {
            Assert.DoesNotContain(value, e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Unsendable))]
    public void TryCopy_ValueThatMayNotBeSent_IsDropped(string value)
    {
        using var request = new HttpRequestMessage();

        OutgoingHeader.TryCopy(request.Headers, "Accept-Language", value);

        Assert.False(request.Headers.Contains("Accept-Language"));
    }

    [Theory]
    [InlineData("sz-civil-affairs")]
    [InlineData("MZ-2026/0001 (review)")]
    [InlineData("text/html;\tq=0.9")]
    public void Add_PrintableBoundedValue_IsSentAsGiven(string value)
    {
        using var request = new HttpRequestMessage();

        OutgoingHeader.Add(request.Headers, InterchangeHeaders.Case, value);

        Assert.Equal(value, Assert.Single(request.Headers.NonValidated[InterchangeHeaders.Case]));
    }
}
