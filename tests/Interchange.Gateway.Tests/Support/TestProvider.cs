namespace Interchange.Gateway.Tests.Support;

/// <summary>A test department whose datasets are served by the <see cref="ControllableSource"/>.</summary>
public static class TestProvider
{
    public const string Id = "test-provider";
    public const string Region = "440300";
    public const string Purpose = "gateway-testing";
    public const string Version = "2026-11-01.1";
    public const int RateLimitPerMinute = 3;

    /// <summary>The <c>records_per_day</c> and <c>max_page_size</c> of <see cref="Paged"/> and <see cref="PagedStreamed"/>.</summary>
    public const int RecordsPerDay = 5;
    public const int MaxPageSize = 3;

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

    /// <summary>Served by the echo source, and its entry names one consumer, which is not the fixture's.</summary>
    public const string Restricted = "test-restricted";

    /// <summary>The only agency <see cref="Restricted"/>'s entry lists as a consumer.</summary>
    public const string RestrictedConsumer = "sz-market-regulation";

    /// <summary>Small daily and page limits; personal with a subject, so answers are held whole before release.</summary>
    public const string Paged = "test-paged";

    /// <summary>The limits of <see cref="Paged"/> on an entry without a subject, so answers are masked while streamed.</summary>
    public const string PagedStreamed = "test-paged-streamed";

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
        (Paged, "paged"),
        (PagedStreamed, "paged"),
        (Restricted, "echo"),
    ];

    public static string Rule(string dataset) => dataset + "@" + Version;

    /// <summary>The department's responsibility list, in the style of <c>policies/lists/*.yaml</c>.</summary>
    public static string List()
    {
        var entries = string.Concat(Datasets.Select(d => Entry(
            d.Dataset,
            d.Dataset == Important ? "important" : "general",
            d.Dataset switch
            {
                Limited => $"per_minute: {RateLimitPerMinute}, records_per_day: 100000, max_page_size: 100",
                Paged or PagedStreamed => $"per_minute: 600, records_per_day: {RecordsPerDay}, max_page_size: {MaxPageSize}",
                // 400 records and then garbage: the invalid JSON, not the page size, is what its tests are about.
                Broken => "per_minute: 600, records_per_day: 100000, max_page_size: 1000",
                _ => "per_minute: 600, records_per_day: 100000, max_page_size: 100",
            },
            subject: d.Dataset != PagedStreamed,
            extra: d.Dataset == Query ? "\n    methods: [GET, HEAD, POST]" : "",
            consumers: d.Dataset == Restricted ? $"{{ agencies: [{RestrictedConsumer}] }}" : "any")));
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

    private static string Entry(string dataset, string classification, string limits, bool subject, string extra, string consumers) => $$"""
          - dataset: {{dataset}}
            title: Test dataset {{dataset}}
            classification: {{classification}}
            personal: {{(subject ? "true\n    subject: id_number" : "false")}}
            sharing: unconditional
            update_frequency: daily
            consumers: {{consumers}}
            purposes:
              {{Purpose}}: "Exercise the gateway in black-box tests"
            fields:
              name: { type: string, personal: true, rule: allow }
              id_number: { type: string, personal: true, rule: mask, keep_first: 6, keep_last: 4 }
              internal_remarks: { type: string, rule: drop }
            limits: { {{limits}} }{{extra}}

        """;
}
