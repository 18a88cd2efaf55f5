using System.Collections.Concurrent;
using Interchange.Core.Datasets;
using Interchange.Core.Grants;
using Interchange.Policies.Fields;

namespace Interchange.Policies.Model;

/// <summary>
/// One data resource of a responsibility list and how it is shared. Immutable once loaded; a new
/// list version produces new entries, which also drops every cached plan.
/// </summary>
public sealed class ListEntry
{
    // A grant cache past this size is cleared rather than evicted piecemeal: grants are few, and a
    // miss only costs one plan build.
    private const int MaxGrantPlans = 10_000;

    private readonly ConcurrentDictionary<(string Purpose, string Consumer), FieldPlan> _plans = new();
    private readonly ConcurrentDictionary<(string Purpose, string Consumer, string Grant), GrantPlan> _grantPlans = new();
    private readonly IReadOnlyList<FieldDefinition> _fields = [];
    private string? _ruleId;
    private string? _allow;
    private bool _consumerRestricted;

    /// <summary>The catalogue dataset id (resource code).</summary>
    public required string DatasetId { get; init; }

    public string? Title { get; init; }

    /// <summary>Id of the providing department.</summary>
    public required string ProviderId { get; init; }

    /// <summary>Version of the list the entry belongs to.</summary>
    public required string Version { get; init; }

    /// <summary><c>{dataset}@{list version}</c>: the rule every decision of this entry names.</summary>
    public string RuleId => _ruleId ??= $"{DatasetId}@{Version}";

    /// <summary>The day (China Standard Time) from which the entry decides; the list's own date unless the entry states one.</summary>
    public DateOnly? EffectiveFrom { get; init; }

    public Classification Classification { get; init; }

    public SharingType Sharing { get; init; } = SharingType.NotShared;

    /// <summary>The statute that restricts disclosure; stated for every not-shared entry.</summary>
    public string? LegalBasis { get; init; }

    /// <summary>Whether records describe natural persons.</summary>
    public bool Personal { get; init; }

    /// <summary>The field identifying the data subject, for the subject access report.</summary>
    public string? SubjectField { get; init; }

    public ConsumerSet Consumers { get; init; } = ConsumerSet.Open;

    /// <summary>Permitted purpose codes (履职事项) with their descriptions, in list order.</summary>
    public IReadOnlyDictionary<string, string> Purposes { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<FieldDefinition> Fields
    {
        get => _fields;
        init
        {
            _fields = value;
            _consumerRestricted = value.Any(f => f.Rules.Any(r => r.Consumers is not null));
        }
    }

    /// <summary>Working days within which the provider must answer an access application.</summary>
    public int ReplyDeadlineDays { get; init; } = 5;

    public EntryLimits Limits { get; init; } = EntryLimits.None;

    /// <summary>Reads only, unless the list permits more: a source never receives a write it was not listed for.</summary>
    public static IReadOnlyList<string> ReadMethods { get; } = ["GET", "HEAD"];

    /// <summary>The HTTP methods (upper case, in list order) that may reach the source; <see cref="ReadMethods"/> unless the entry lists <c>methods</c>.</summary>
    public IReadOnlyList<string> Methods { get; init; } = ReadMethods;

    /// <summary><see cref="Methods"/> as the value of an <c>Allow</c> header.</summary>
    public string Allow => _allow ??= string.Join(", ", Methods);

    /// <summary>Exclusive end of validity: from this instant on the entry grants nothing.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>How often the source data changes (daily, monthly, real time), for the catalogue.</summary>
    public string? UpdateFrequency { get; init; }

    /// <summary>Lists are written in China Standard Time, so a date-only bound means that day in +08:00.</summary>
    internal static TimeSpan ListOffset { get; } = TimeSpan.FromHours(8);

    /// <summary>Whether <paramref name="now"/> lies within <see cref="EffectiveFrom"/> and <see cref="ValidUntil"/>.</summary>
    public bool IsInForce(DateTimeOffset now) => !IsBeforeEffective(now) && !IsExpired(now);

    internal bool IsBeforeEffective(DateTimeOffset now) =>
        EffectiveFrom is { } from && now < new DateTimeOffset(from, TimeOnly.MinValue, ListOffset);

    internal bool IsExpired(DateTimeOffset now) => ValidUntil is { } until && now >= until;

    /// <summary>Whether <paramref name="method"/> may reach the source. Methods are case-sensitive (RFC 9110 9.1), so <c>get</c> is not GET.</summary>
    public bool Permits(string? method)
    {
        // A loop over two or three strings: no allocation on the hot path.
        var methods = Methods;
        for (var i = 0; i < methods.Count; i++)
        {
            if (string.Equals(methods[i], method, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The fields <paramref name="consumerId"/> receives for <paramref name="purpose"/>: per field the
    /// first rule that applies, no rule meaning dropped. A purpose the entry does not list gets no
    /// fields. Cached, so a repeat call does not allocate.
    /// </summary>
    public FieldPlan PlanFor(string purpose, string consumerId)
    {
        if (!Purposes.ContainsKey(purpose))
        {
            return FieldPlan.Empty;
        }

        // Without consumer-restricted rules every consumer gets the same plan, so one per purpose is enough.
        var key = (purpose, _consumerRestricted ? consumerId : "");
        if (_plans.TryGetValue(key, out var plan))
        {
            return plan;
        }

        return _plans.GetOrAdd(key, static (_, state) => state.Entry.BuildPlan(state.Purpose, state.Consumer), (Entry: this, Purpose: purpose, Consumer: consumerId));
    }

    /// <summary>
    /// <see cref="PlanFor"/> narrowed to the fields <paramref name="grant"/> approved. Cached per grant;
    /// the cached plan is reused only while the grant still names the same fields.
    /// </summary>
    public FieldPlan PlanFor(string purpose, string consumerId, Grant grant)
    {
        var key = (purpose, consumerId, grant.Id);
        if (_grantPlans.TryGetValue(key, out var cached) && cached.IsFor(grant.Fields))
        {
            return cached.Plan;
        }

        var plan = BuildGrantPlan(PlanFor(purpose, consumerId), grant.Fields);
        if (_grantPlans.Count >= MaxGrantPlans)
        {
            _grantPlans.Clear();
        }

        _grantPlans[key] = new GrantPlan(grant.Fields.ToArray(), plan);
        return plan;
    }

    // A method of its own: a lambda capturing locals in the caller would allocate its closure on every call, cached or not.
    private static FieldPlan BuildGrantPlan(FieldPlan plan, IReadOnlyList<string> fields)
    {
        var granted = new HashSet<string>(fields, StringComparer.Ordinal);
        return new FieldPlan(plan.Rules.Where(r => granted.Contains(r.Field)));
    }

    private FieldPlan BuildPlan(string purpose, string consumerId)
    {
        var rules = new List<FieldRule>(_fields.Count);
        foreach (var field in _fields)
        {
            var rule = field.Rules.FirstOrDefault(r => r.AppliesTo(purpose, consumerId));
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }

        return new FieldPlan(rules);
    }

    public override string ToString() => RuleId;

    private sealed record GrantPlan(string[] Fields, FieldPlan Plan)
    {
        public bool IsFor(IReadOnlyList<string> fields)
        {
            if (fields.Count != Fields.Length)
            {
                return false;
            }

            for (var i = 0; i < Fields.Length; i++)
            {
                if (!string.Equals(fields[i], Fields[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
