using Interchange.Testing;

namespace Interchange.EndToEnd.Tests.ConditionalSharing;

/// <summary>A whole interchange of its own for each test, where the workflow's state must start empty.</summary>
public abstract class FreshInterchange : IAsyncLifetime
{
    private readonly InterchangeFixture _fixture = new();

    private protected InterchangeFixture Fixture => _fixture;

    private protected SharingClient Sharing { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _fixture.InitializeAsync();
        Sharing = new SharingClient(_fixture.Client);
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();
}
