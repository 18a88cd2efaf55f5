using Interchange.Policies.Fields;

namespace Interchange.Policies.Loading;

/// <summary>One rule of a field as read from YAML; restrictions keep positions for the purpose check.</summary>
internal sealed class RuleDraft
{
    public Position At { get; init; }

    public FieldRuleKind? Kind { get; set; }

    public int KeepFirst { get; set; }

    public int KeepLast { get; set; }

    public GeneraliseTo? To { get; set; }

    public List<(string Code, Position At)>? Purposes { get; set; }

    public List<string>? Consumers { get; set; }

    public bool AppliesToAll => Purposes is null && Consumers is null;
}
