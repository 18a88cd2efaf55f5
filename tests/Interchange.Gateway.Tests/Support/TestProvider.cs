namespace Interchange.Gateway.Tests.Support;

/// <summary>A test department whose datasets are served by the <see cref="ControllableSource"/>.</summary>
public static class TestProvider
{
    public const string Id = "test-provider";
    public const string Region = "440300";
    public const string Purpose = "gateway-testing";
    public const string Version = "2026-11-01.1";
    public const int RateLimitPerMinute = 3;

    public const string Echo = "test-echo";
    public const string Important = "test-important";
    public const string Cookies = "test-cookies";
    public const string Redirect = "test-redirect";
    public const string Hang = "test-hang";
    public const string Text = "test-text";
    public const string Broken = "test-broken";
    public const string Truncated = "test-truncated";
    public const string Errors = "test-errors";
    public const string Limited = "test-limited";
    public const string Down = "test-down";
    public const string Slow = "test-slow";

    /// <summary>Served by the echo source, and its entry lets POST through besides reads (a source queried by body).</summary>
    public const string Query = "test-query";

    /// <summary>Dataset id and the path of its source under the controllable source (null: a closed port).</summary>
    public static readonly IReadOnlyList<(string Dataset, string? SourcePath)> Datasets =
    [
        (Echo, "echo"),
        (Important, "echo"),
        (Cookies, "cookies"),
        (Redirect, "redirect"),
        (Hang, "hang"),
        (Text, "text"),
        (Broken, "broken"),
        (Truncated, "truncated"),
        (Errors, "errors"),
        (Limited, "limited"),
        (Down, null),
        (Slow, "slow"),
        (Query, "echo"),
    ];

    public static string Rule(string dataset) => dataset + "@" + Version;

    /// <summary>The department's responsibility list, in the style of <c>policies/lists/*.yaml</c>.</summary>
    public static string List()
    {
        var entries = string.Concat(Datasets.Select(d => Entry(
            d.Dataset,
            d.Dataset == Important ? "important" : "general",
            d.Dataset == Limited ? RateLimitPerMinute : 600,
            d.Dataset == Query ? "\n    methods: [GET, HEAD, POST]" : "")));
        return $"""
            # Responsibility list of a test department whose sources misbehave on purpose.
            department:
              id: {Id}
              name: Test Provider Department
              region: "{Region}"
              office: Gateway Test Office
              contact: "gateway-tests@example.gov.cn"
            version: {Version}
            effective_from: 2026-11-01
            entries:
            {entries}
            """;
    }

    private static string Entry(string dataset, string classification, int perMinute, string extra) => $$"""
          - dataset: {{dataset}}
            title: Test dataset {{dataset}}
            classification: {{classification}}
            personal: true
            subject: id_number
            sharing: unconditional
            update_frequency: daily
            consumers: any
            purposes:
              {{Purpose}}: "Exercise the gateway in black-box tests"
            fields:
              name: { type: string, personal: true, rule: allow }
              id_number: { type: string, personal: true, rule: mask, keep_first: 6, keep_last: 4 }
              internal_remarks: { type: string, rule: drop }
            limits: { per_minute: {{perMinute}}, records_per_day: 100000, max_page_size: 100 }{{extra}}

        """;
}
