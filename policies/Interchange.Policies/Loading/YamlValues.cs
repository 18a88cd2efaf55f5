using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Interchange.Policies.Loading;

/// <summary>
/// Reads typed values out of YAML nodes for one file, reporting each wrong value at its position
/// and carrying on, so that one pass finds every problem of the file.
/// </summary>
internal sealed class YamlValues(string file, ICollection<PolicyProblem> problems)
{
    public string File => file;

    public void Report(Position at, string reason) => problems.Add(new PolicyProblem(file, at.Line, at.Column, reason));

    public void Report(YamlNode node, string reason) => Report(Position.Of(node.Start), reason);

    public YamlMappingNode? Mapping(YamlNode node, string what)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        Report(node, $"{what} must be a mapping, not {Describe(node)}");
        return null;
    }

    /// <summary>The mapping's values by key; unknown keys and missing required keys are reported.</summary>
    public Dictionary<string, YamlNode> Keys(YamlMappingNode mapping, string what, string[] allowed, params string[] required)
    {
        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                Report(keyNode, $"{what}: a key must be a plain name");
                continue;
            }

            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                Report(keyNode, $"{what}: unknown key '{key}'; expected one of: {string.Join(", ", allowed)}");
                continue;
            }

            values[key] = value;
        }

        foreach (var key in required)
        {
            if (!values.ContainsKey(key))
            {
                Report(mapping, $"{what}: missing required key '{key}'");
            }
        }

        return values;
    }

    /// <summary>A scalar's text; <c>null</c> (reported) for a mapping or sequence, and for an empty value when <paramref name="required"/>.</summary>
    public string? Text(YamlNode node, string what, bool required = true)
    {
        if (node is not YamlScalarNode scalar)
        {
            Report(node, $"{what} must be a text value, not {Describe(node)}");
            return null;
        }

        var value = IsNull(scalar) ? null : scalar.Value;
        if (required && string.IsNullOrWhiteSpace(value))
        {
            Report(node, $"{what} must not be empty");
            return null;
        }

        return value;
    }

    public string? Text(Dictionary<string, YamlNode> values, string key, string what, bool required = true) =>
        values.TryGetValue(key, out var node) ? Text(node, $"{what}: '{key}'", required) : null;

    /// <summary>A lower-case code (letters, digits, single hyphens) such as a dataset, agency or purpose id.</summary>
    public string? Code(YamlNode node, string what)
    {
        var value = Text(node, what);
        if (value is not null && !IsCode(value))
        {
            Report(node, $"{what} '{value}' must be lower-case letters, digits and hyphens");
            return null;
        }

        return value;
    }

    public bool? Bool(Dictionary<string, YamlNode> values, string key, string what)
    {
        if (!values.TryGetValue(key, out var node))
        {
            return null;
        }

        var text = Text(node, $"{what}: '{key}'");
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Report(node, $"{what}: '{key}' must be true or false, not '{text}'");
        return null;
    }

    public int? Int(Dictionary<string, YamlNode> values, string key, string what, int min)
    {
        if (!values.TryGetValue(key, out var node))
        {
            return null;
        }

        var text = Text(node, $"{what}: '{key}'");
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Report(node, $"{what}: '{key}' must be a whole number, not '{text}'");
            return null;
        }

        if (value < min)
        {
            Report(node, $"{what}: '{key}' must be at least {min}, not {value}");
            return null;
        }

        return value;
    }

    public T? Choice<T>(Dictionary<string, YamlNode> values, string key, string what, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        if (!values.TryGetValue(key, out var node))
        {
            return null;
        }

        var text = Text(node, $"{what}: '{key}'");
        if (text is null)
        {
            return null;
        }

        if (choices.TryGetValue(text, out var value))
        {
            return value;
        }

        Report(node, $"{what}: '{key}' is '{text}'; allowed values: {string.Join(", ", choices.Keys)}");
        return null;
    }

    public DateOnly? Date(Dictionary<string, YamlNode> values, string key, string what)
    {
        if (!values.TryGetValue(key, out var node))
        {
            return null;
        }

        var text = Text(node, $"{what}: '{key}'");
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Report(node, $"{what}: '{key}' must be a date (YYYY-MM-DD), not '{text}'");
        return null;
    }

    /// <summary>Scalars of a sequence with their positions; a single scalar is not accepted, so that a typo cannot silently widen a rule.</summary>
    public List<(string Value, Position At)>? List(YamlNode node, string what)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Report(node, $"{what} must be a list, not {Describe(node)}");
            return null;
        }

        var items = new List<(string, Position)>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            if (Text(item, $"{what} item") is { } text)
            {
                items.Add((text, Position.Of(item.Start)));
            }
        }

        if (sequence.Children.Count == 0)
        {
            Report(node, $"{what} must not be empty");
            return null;
        }

        return items;
    }

    public static bool IsCode(string value) =>
        value.Length > 0 && value[0] != '-' && value[^1] != '-' && !value.Contains("--", StringComparison.Ordinal)
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Value: var v } => $"'{v}'",
        _ => "an alias",
    };
}
