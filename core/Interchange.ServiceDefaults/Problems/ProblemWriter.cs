using System.Text.Encodings.Web;
using System.Text.Json;
using Interchange.Core.Http;
using Microsoft.AspNetCore.Http;

namespace Interchange.ServiceDefaults.Problems;

/// <summary>Writes RFC 9457 problem+json refusals in the shape of docs/contract.md.</summary>
public static class ProblemWriter
{
    public const string ContentType = "application/problem+json";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, ProblemType type, string detail, string? requestId, string? rule = null, int? status = null)
    {
        var response = context.Response;
        response.StatusCode = status ?? type.Status;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type.Uri);
            writer.WriteString("title", type.Title);
            writer.WriteNumber("status", response.StatusCode);
            writer.WriteString("detail", detail);
            if (requestId is not null)
            {
                writer.WriteString("requestId", requestId);
            }

            if (rule is not null)
            {
                writer.WriteString("rule", rule);
            }

            writer.WriteEndObject();
            await writer.FlushAsync(context.RequestAborted);
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
