using System.Collections.Frozen;

namespace Interchange.ServiceDefaults.Tokens;

/// <summary>
/// The clients whose tokens are refused however valid they are, because the client was disabled or removed after they
/// were issued ("revocation means now"). Read on every token check, so it is one frozen set swapped as a whole; until a
/// first list arrives it is empty, which keeps issued tokens working while the identity server is unreachable.
/// </summary>
public sealed class DisabledClients
{
    private volatile FrozenSet<string> _ids = FrozenSet<string>.Empty;

    public bool Contains(string clientId) => _ids.Contains(clientId);

    public int Count => _ids.Count;

    public void Replace(IEnumerable<string> clientIds) => _ids = clientIds.ToFrozenSet(StringComparer.Ordinal);
}
