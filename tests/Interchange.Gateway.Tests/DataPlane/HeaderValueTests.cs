using Interchange.Core.Http;
using Interchange.Gateway.Tests.Support;

namespace Interchange.Gateway.Tests.DataPlane;

/// <summary>
/// Purpose and case values with control characters never reach a decision, a record or a source, whoever sends them:
/// an agency directly or the catalogue's hop for GraphQL <c>records</c> (both arrive over a real socket).
/// </summary>
public sealed class HeaderValueTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string> ControlCharacters() => new()
    {
        { InterchangeHeaders.Purpose, TestProvider.Purpose + "\0" },
        { InterchangeHeaders.Purpose, TestProvider.Purpose + "\rX-Injected: 1" },
        { InterchangeHeaders.Purpose, TestProvider.Purpose + "\u0001" },
        { InterchangeHeaders.Purpose, "gateway\ttesting" },
        { InterchangeHeaders.Case, "MZ-2026\0-0042" },
        { InterchangeHeaders.Case, "MZ-2026\u001b-0042" },
    };

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public async Task Proxy_ControlCharacterInPurposeOrCase_Returns400AndTheSourceNeverSeesIt(string header, string value)
    {
        var token = await fixture.ConsumerTokenAsync();
        var before = fixture.Source.Requests.Count;
        (string, string)[] headers = header == InterchangeHeaders.Purpose
            ? [("Authorization", "Bearer " + token), (header, value)]
            : [("Authorization", "Bearer " + token), (InterchangeHeaders.Purpose, TestProvider.Purpose), (header, value)];

        var response = await RawHttp.SendAsync(fixture.GatewayUrl, $"/data/{TestProvider.Echo}/records", headers);

        Assert.True(response.Status == 400, $"{response.Status}\n{response.Raw}");
        Assert.Equal(before, fixture.Source.Requests.Count);
        Assert.DoesNotContain("X-Injected", response.Raw, StringComparison.OrdinalIgnoreCase);
    }
}
