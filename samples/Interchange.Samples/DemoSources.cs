using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Interchange.Samples.Sources;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Interchange.Samples;

/// <summary>
/// The departmental systems behind the demo datasets: plain JSON endpoints with no authentication of their own, since
/// only the gateway may reach them. They never log request details, which may identify the person being looked up.
/// </summary>
public static class DemoSources
{
    private const string JsonContentType = "application/json; charset=utf-8";
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    // CJK is written as UTF-8, as the departments' systems do; escaping it would only make answers bigger.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private static readonly Lazy<SourceDataset[]> Datasets = new(() => DemoData.DatasetIds.Select(id => new SourceDataset(id, Json)).ToArray());

    /// <summary>A web application serving every demo source at <c>/{datasetId}/records</c>; pass <c>--urls</c> to choose where.</summary>
    public static WebApplication Build(string[] args)
    {
        // Configuration is read once: no inotify watch over the working folder (which may hold busy databases).
        var builder = WebApplication.CreateSlimBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        var app = builder.Build();
        app.MapDemoSources();
        return app;
    }

    /// <summary>
    /// Maps <c>GET /{datasetId}/records?limit=&amp;offset=</c>, <c>GET /{datasetId}/records/{key}</c> for each demo dataset,
    /// and <c>GET /health</c>, relative to <paramref name="app"/> (a host may mount them under a group such as <c>/sources</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapDemoSources(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapGet("/health", () => TypedResults.Text("""{"status":"healthy"}""", JsonContentType));
        foreach (var dataset in Datasets.Value)
        {
            var group = app.MapGroup($"/{dataset.Id}/records");
            group.MapGet("/", (HttpRequest request) => Page(dataset, request));
            group.MapGet("/{key}", (string key) => Record(dataset, key));
        }

        return app;
    }

    private static IResult Page(SourceDataset dataset, HttpRequest request)
    {
        if (!TryReadInt(request, "limit", DefaultLimit, 1, MaxLimit, out var limit))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid-limit", $"limit must be a whole number from 1 to {MaxLimit}.");
        }

        if (!TryReadInt(request, "offset", 0, 0, int.MaxValue, out var offset))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid-offset", "offset must be a whole number of 0 or more.");
        }

        var body = new ArrayBufferWriter<byte>(2048 + (limit * 512));
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("records");
            foreach (var record in dataset.Page(offset, limit))
            {
                writer.WriteRawValue(record, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteNumber("total", dataset.Count);
            writer.WriteNumber("limit", limit);
            writer.WriteNumber("offset", offset);
            writer.WriteEndObject();
        }

        return TypedResults.Bytes(body.WrittenMemory, JsonContentType);
    }

    private static IResult Record(SourceDataset dataset, string key) =>
        dataset.Find(key) is { } record
            ? TypedResults.Bytes(record, JsonContentType)
            : Error(StatusCodes.Status404NotFound, "not-found", $"No record of {dataset.Id} has this {dataset.KeyField}.");

    private static bool TryReadInt(HttpRequest request, string name, int fallback, int min, int max, out int value)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(values.Count == 1 ? values[0] : null, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }

    private static JsonHttpResult<SourceError> Error(int status, string error, string detail) =>
        TypedResults.Json(new SourceError(error, detail), Json, JsonContentType, status);
}
