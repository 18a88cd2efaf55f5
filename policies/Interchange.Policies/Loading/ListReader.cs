using System.Globalization;
using Interchange.Core.Datasets;
using Interchange.Policies.Fields;
using Interchange.Policies.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Interchange.Policies.Loading;

/// <summary>
/// Turns one list file into a <see cref="ListDraft"/>, reporting syntax, key, type and value
/// problems; checks that span several keys are left to the validators.
/// </summary>
internal sealed class ListReader
{
    private static readonly Dictionary<string, Classification> Classifications = new(StringComparer.Ordinal)
    {
        ["general"] = Classification.General,
        ["important"] = Classification.Important,
        ["core"] = Classification.Core,
    };

    private static readonly Dictionary<string, SharingType> SharingTypes = new(StringComparer.Ordinal)
    {
        ["unconditional"] = SharingType.Unconditional,
        ["conditional"] = SharingType.Conditional,
        ["not-shared"] = SharingType.NotShared,
    };

    private static readonly Dictionary<string, FieldRuleKind> RuleKinds = new(StringComparer.Ordinal)
    {
        ["allow"] = FieldRuleKind.Allow,
        ["mask"] = FieldRuleKind.Mask,
        ["pseudonymise"] = FieldRuleKind.Pseudonymise,
        ["generalise"] = FieldRuleKind.Generalise,
        ["drop"] = FieldRuleKind.Drop,
    };

    private static readonly Dictionary<string, GeneraliseTo> GeneraliseTargets = new(StringComparer.Ordinal)
    {
        ["year"] = GeneraliseTo.Year,
        ["month"] = GeneraliseTo.Month,
        ["district"] = GeneraliseTo.District,
    };

    private readonly YamlValues _values;

    public ListReader(string file, ICollection<PolicyProblem> problems) => _values = new YamlValues(file, problems);

    /// <summary>The draft, or <c>null</c> when the file cannot be read as a list at all (the reason is reported).</summary>
    public ListDraft? Read(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            _values.Report(Position.Of(e.Start), $"YAML syntax error: {SyntaxMessage(e)}");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            _values.Report(new Position(1, 1), "the file is empty; expected a responsibility list");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            _values.Report(stream.Documents[1].RootNode, "a list file holds one YAML document; split the lists into one file per department");
        }

        var root = _values.Mapping(stream.Documents[0].RootNode, "the list");
        if (root is null)
        {
            return null;
        }

        var draft = new ListDraft { File = _values.File, Start = Position.Of(root.Start) };
        var keys = _values.Keys(root, "the list", ListKeys.Root, "department", "version", "entries");
        if (keys.TryGetValue("department", out var department))
        {
            ReadDepartment(department, draft);
        }

        draft.Version = _values.Text(keys, "version", "the list");
        draft.EffectiveFrom = _values.Date(keys, "effective_from", "the list");
        if (keys.TryGetValue("entries", out var entries))
        {
            ReadEntries(entries, draft);
        }

        return draft;
    }

    private void ReadDepartment(YamlNode node, ListDraft draft)
    {
        const string what = "department";
        if (_values.Mapping(node, what) is not { } mapping)
        {
            return;
        }

        var keys = _values.Keys(mapping, what, ListKeys.Department, "id", "name", "region");
        if (keys.TryGetValue("id", out var id))
        {
            draft.DepartmentId = _values.Code(id, "department: 'id'");
            draft.DepartmentIdAt = Position.Of(id.Start);
        }

        draft.DepartmentName = _values.Text(keys, "name", what);
        draft.Region = RegionCode(keys, "region", what);
        draft.Office = _values.Text(keys, "office", what, required: false);
        draft.Contact = _values.Text(keys, "contact", what, required: false);
    }

    private void ReadEntries(YamlNode node, ListDraft draft)
    {
        if (node is not YamlSequenceNode sequence)
        {
            _values.Report(node, "the list: 'entries' must be a list of entries");
            return;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (_values.Mapping(sequence.Children[i], $"entries[{i}]") is { } mapping)
            {
                draft.Entries.Add(ReadEntry(mapping, i));
            }
        }
    }

    private EntryDraft ReadEntry(YamlMappingNode mapping, int index)
    {
        var entry = new EntryDraft { Start = Position.Of(mapping.Start), Name = $"entries[{index}]" };
        if (mapping.Children.TryGetValue(new YamlScalarNode("dataset"), out var datasetNode)
            && datasetNode is YamlScalarNode { Value: { Length: > 0 } named })
        {
            // Name the entry by its dataset in every message, even those about keys read before it.
            entry.Name = $"entry '{named}'";
        }

        var what = entry.Name;
        var keys = _values.Keys(mapping, what, ListKeys.Entry, "dataset", "classification", "sharing");
        if (keys.TryGetValue("dataset", out var dataset))
        {
            entry.Dataset = _values.Code(dataset, $"{what}: 'dataset'");
            entry.DatasetAt = Position.Of(dataset.Start);
        }

        entry.Title = _values.Text(keys, "title", what, required: false);
        entry.Classification = _values.Choice(keys, "classification", what, Classifications);
        entry.ClassificationAt = At(keys, "classification", mapping);
        entry.Sharing = _values.Choice(keys, "sharing", what, SharingTypes);
        entry.SharingAt = At(keys, "sharing", mapping);
        entry.LegalBasis = _values.Text(keys, "legal_basis", what);
        entry.Personal = _values.Bool(keys, "personal", what) ?? false;
        entry.Subject = _values.Text(keys, "subject", what);
        entry.SubjectAt = At(keys, "subject", mapping);
        entry.ReplyDeadlineDays = _values.Int(keys, "reply_deadline_days", what, min: 1) ?? 5;
        entry.UpdateFrequency = _values.Text(keys, "update_frequency", what);
        entry.EffectiveFrom = _values.Date(keys, "effective_from", what);
        entry.ValidUntil = ValidUntil(keys, what);
        entry.ValidUntilAt = At(keys, "valid_until", mapping);
        if (keys.TryGetValue("consumers", out var consumers))
        {
            entry.Consumers = ReadConsumers(consumers, what);
        }

        if (keys.TryGetValue("purposes", out var purposes))
        {
            entry.Purposes = ReadPurposes(purposes, what);
        }

        if (keys.TryGetValue("fields", out var fields))
        {
            entry.Fields = ReadFields(fields, what);
        }

        if (keys.TryGetValue("limits", out var limits))
        {
            entry.Limits = ReadLimits(limits, what);
        }

        if (keys.TryGetValue("methods", out var methods))
        {
            entry.Methods = ReadMethods(methods, what);
        }

        return entry;
    }

    private List<string>? ReadMethods(YamlNode node, string entry)
    {
        var what = $"{entry}: 'methods'";
        if (_values.List(node, what) is not { } items)
        {
            return null;
        }

        var methods = new List<string>(items.Count);
        foreach (var (method, at) in items)
        {
            var known = Array.IndexOf(ListKeys.Methods, method);
            if (known < 0)
            {
                _values.Report(at, $"{what}: '{method}' is not a method a source may receive; allowed values (upper case): {string.Join(", ", ListKeys.Methods)}");
            }
            else if (methods.Contains(method, StringComparer.Ordinal))
            {
                _values.Report(at, $"{what}: '{method}' is listed twice");
            }
            else
            {
                // The literal, not the parsed copy: the server's method strings are the same interned literals, so comparing them is a reference check.
                methods.Add(ListKeys.Methods[known]);
            }
        }

        return methods.Count == items.Count ? methods : null;
    }

    private ConsumerSet? ReadConsumers(YamlNode node, string entry)
    {
        var what = $"{entry}: 'consumers'";
        if (node is YamlScalarNode scalar)
        {
            if (scalar.Value == "any")
            {
                return ConsumerSet.AnyAgency;
            }

            _values.Report(node, $"{what} must be 'any' or a mapping with 'agencies' and/or 'regions', not '{scalar.Value}'");
            return null;
        }

        if (_values.Mapping(node, what) is not { } mapping)
        {
            return null;
        }

        var keys = _values.Keys(mapping, what, ListKeys.Consumers);
        var agencies = keys.TryGetValue("agencies", out var a) ? _values.List(a, $"{what}: 'agencies'") : null;
        var regions = keys.TryGetValue("regions", out var r) ? _values.List(r, $"{what}: 'regions'") : null;
        var valid = true;
        foreach (var (code, at) in regions ?? [])
        {
            if (!ConsumerSet.IsRegionCode(code))
            {
                _values.Report(at, $"{what}: region '{code}' must be a six-digit GB/T 2260 code");
                valid = false;
            }
        }

        foreach (var (id, at) in agencies ?? [])
        {
            if (!YamlValues.IsCode(id))
            {
                _values.Report(at, $"{what}: agency '{id}' must be lower-case letters, digits and hyphens");
                valid = false;
            }
        }

        if (agencies is null && regions is null)
        {
            if (!keys.ContainsKey("agencies") && !keys.ContainsKey("regions"))
            {
                _values.Report(node, $"{what} must name agencies or regions; leave the key out to let grants decide");
            }

            return null;
        }

        return valid ? ConsumerSet.Of(agencies?.Select(x => x.Value) ?? [], regions?.Select(x => x.Value) ?? []) : null;
    }

    private List<(string Code, string Description, Position At)>? ReadPurposes(YamlNode node, string entry)
    {
        var what = $"{entry}: 'purposes'";
        if (_values.Mapping(node, what) is not { } mapping)
        {
            return null;
        }

        var purposes = new List<(string, string, Position)>(mapping.Children.Count);
        foreach (var (key, value) in mapping.Children)
        {
            var code = _values.Code(key, $"{what}: purpose code");
            var description = _values.Text(value, $"{what}: description of '{(key as YamlScalarNode)?.Value}'");
            if (code is not null && description is not null)
            {
                purposes.Add((code, description, Position.Of(key.Start)));
            }
        }

        if (mapping.Children.Count == 0)
        {
            _values.Report(node, $"{what} must list at least one purpose");
        }

        return purposes;
    }

    private List<FieldDraft>? ReadFields(YamlNode node, string entry)
    {
        var what = $"{entry}: 'fields'";
        if (_values.Mapping(node, what) is not { } mapping)
        {
            return null;
        }

        var fields = new List<FieldDraft>(mapping.Children.Count);
        foreach (var (key, value) in mapping.Children)
        {
            if (_values.Text(key, $"{what}: field name") is { } name)
            {
                fields.Add(ReadField(name, key, value, entry));
            }
        }

        if (mapping.Children.Count == 0)
        {
            _values.Report(node, $"{what} must list at least one field");
        }

        return fields;
    }

    private FieldDraft ReadField(string name, YamlNode key, YamlNode node, string entry)
    {
        var field = new FieldDraft { Name = name, At = Position.Of(key.Start) };
        var what = $"{entry}: field '{name}'";
        if (_values.Mapping(node, what) is not { } mapping)
        {
            return field;
        }

        var keys = _values.Keys(mapping, what, ListKeys.Field, "type");
        field.Type = _values.Text(keys, "type", what);
        if (field.Type is not null && !ListKeys.FieldTypes.Contains(field.Type, StringComparer.Ordinal))
        {
            _values.Report(keys["type"], $"{what}: 'type' is '{field.Type}'; allowed values: {string.Join(", ", ListKeys.FieldTypes)}");
            field.Type = null;
        }

        field.Personal = _values.Bool(keys, "personal", what) ?? false;
        var inline = ListKeys.Rule.Where(keys.ContainsKey).ToList();
        if (keys.TryGetValue("rules", out var rules))
        {
            if (inline.Count > 0)
            {
                _values.Report(mapping, $"{what}: give either 'rule' with its parameters or a 'rules' list, not both (found {string.Join(", ", inline)} beside 'rules')");
            }

            ReadRules(rules, field, what);
        }
        else if (keys.ContainsKey("rule"))
        {
            field.Rules.Add(ReadRule(keys, Position.Of(mapping.Start), what));
        }
        else if (inline.Count > 0)
        {
            _values.Report(mapping, $"{what}: {string.Join(", ", inline)} given without 'rule'");
        }

        return field;
    }

    private void ReadRules(YamlNode node, FieldDraft field, string what)
    {
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            _values.Report(node, $"{what}: 'rules' must be a non-empty list of rules");
            return;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var ruleWhat = $"{what}: rules[{i}]";
            if (_values.Mapping(sequence.Children[i], ruleWhat) is { } mapping)
            {
                var keys = _values.Keys(mapping, ruleWhat, ListKeys.Rule, "rule");
                field.Rules.Add(ReadRule(keys, Position.Of(mapping.Start), ruleWhat));
            }
        }
    }

    private RuleDraft ReadRule(Dictionary<string, YamlNode> keys, Position at, string what)
    {
        var rule = new RuleDraft
        {
            At = at,
            Kind = _values.Choice(keys, "rule", what, RuleKinds),
            KeepFirst = _values.Int(keys, "keep_first", what, min: 0) ?? 0,
            KeepLast = _values.Int(keys, "keep_last", what, min: 0) ?? 0,
            To = _values.Choice(keys, "to", what, GeneraliseTargets),
        };

        if (rule.Kind is { } kind && kind != FieldRuleKind.Mask)
        {
            foreach (var key in (string[])["keep_first", "keep_last"])
            {
                if (keys.TryGetValue(key, out var node))
                {
                    _values.Report(node, $"{what}: '{key}' applies only to mask rules, not {RuleKinds.First(k => k.Value == kind).Key}");
                }
            }
        }

        if (rule.Kind == FieldRuleKind.Generalise && !keys.ContainsKey("to"))
        {
            _values.Report(at, $"{what}: a generalise rule needs 'to' (year, month or district)");
        }
        else if (rule.Kind is { } other && other != FieldRuleKind.Generalise && keys.TryGetValue("to", out var toNode))
        {
            _values.Report(toNode, $"{what}: 'to' applies only to generalise rules");
        }

        if (keys.TryGetValue("purposes", out var purposes))
        {
            rule.Purposes = _values.List(purposes, $"{what}: 'purposes'");
        }

        if (keys.TryGetValue("consumers", out var consumers))
        {
            rule.Consumers = _values.List(consumers, $"{what}: 'consumers'")?.Select(c => c.Value).ToList();
        }

        return rule;
    }

    private EntryLimits ReadLimits(YamlNode node, string entry)
    {
        var what = $"{entry}: 'limits'";
        if (_values.Mapping(node, what) is not { } mapping)
        {
            return EntryLimits.None;
        }

        var keys = _values.Keys(mapping, what, ListKeys.Limits);
        return new EntryLimits(
            _values.Int(keys, "per_minute", what, min: 1),
            _values.Int(keys, "records_per_day", what, min: 1),
            _values.Int(keys, "max_page_size", what, min: 1));
    }

    private string? RegionCode(Dictionary<string, YamlNode> keys, string key, string what)
    {
        var region = _values.Text(keys, key, what);
        if (region is not null && !ConsumerSet.IsRegionCode(region))
        {
            _values.Report(keys[key], $"{what}: '{key}' '{region}' must be a six-digit GB/T 2260 code");
            return null;
        }

        return region;
    }

    /// <summary>A date means valid through that whole day in China Standard Time; a date-time must carry its offset.</summary>
    private DateTimeOffset? ValidUntil(Dictionary<string, YamlNode> keys, string what)
    {
        if (!keys.TryGetValue("valid_until", out var node) || _values.Text(node, $"{what}: 'valid_until'") is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.AddDays(1), TimeOnly.MinValue, ListEntry.ListOffset);
        }

        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        _values.Report(node, $"{what}: 'valid_until' must be a date (YYYY-MM-DD) or a date-time with offset, not '{text}'");
        return null;
    }

    private static Position At(Dictionary<string, YamlNode> keys, string key, YamlNode fallback) =>
        Position.Of((keys.TryGetValue(key, out var node) ? node : fallback).Start);

    private static string SyntaxMessage(YamlException e)
    {
        // YamlDotNet prefixes the message with the positions, which the problem already states.
        var message = e.Message;
        var cut = message.StartsWith('(') ? message.IndexOf("): ", StringComparison.Ordinal) : -1;
        return cut >= 0 ? message[(cut + 3)..] : message;
    }
}
