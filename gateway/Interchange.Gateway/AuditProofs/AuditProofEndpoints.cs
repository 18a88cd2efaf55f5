using System.Globalization;
using System.Text.Json;
using Interchange.Audit.Checkpoints;
using Interchange.Audit.Proofs;
using Interchange.Core.Agencies;
using Interchange.Core.Http;
using Interchange.Gateway.DataPlane;
using Interchange.ServiceDefaults.Problems;
using Interchange.ServiceDefaults.Tokens;

namespace Interchange.Gateway.AuditProofs;

/// <summary>
/// The audit log as a transparency log (docs/contract.md, "Audit proofs"): the signed checkpoint and the
/// verifier key are public; entries and proofs are for auditors (role auditor, scope audit).
/// </summary>
public static class AuditProofEndpoints
{
    public static IEndpointRouteBuilder MapAuditProofs(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/audit");
        audit.MapGet("/checkpoint", async (HttpContext context, AuditTree tree, CheckpointSigner signer) =>
        {
            var head = await tree.HeadAsync(context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            return Results.Text(signer.Sign(head), "text/plain; charset=utf-8");
        });
        audit.MapGet("/key", (CheckpointSigner signer) => Results.Text(signer.VerifierKey + "\n", "text/plain; charset=utf-8"));
        audit.MapGet("/entries", (HttpContext context, AuditTree tree, AgencyTokenValidator tokens) =>
            AsAuditorAsync(context, tokens, async () =>
            {
                var (start, end) = (Long(context, "start"), Long(context, "end"));
                // As in RFC 6962 get-entries: an end past the log is cut to its size (and long ranges to MaxEntries).
                end = Math.Min(end, (await tree.HeadAsync(context.RequestAborted)).Size);
                var entries = await tree.EntriesAsync(start, end, context.RequestAborted);
                await WriteJsonAsync(context, writer =>
                {
                    writer.WriteStartArray("entries");
                    foreach (var (index, data) in entries)
                    {
                        writer.WriteStartObject();
                        writer.WriteNumber("index", index);
                        writer.WriteBase64String("data", data);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                });
            }));
        audit.MapGet("/proof/inclusion", (HttpContext context, AuditTree tree, AgencyTokenValidator tokens) =>
            AsAuditorAsync(context, tokens, async () =>
            {
                var (index, size) = (Long(context, "index"), Long(context, "size"));
                var hashes = await tree.InclusionProofAsync(index, size, context.RequestAborted);
                await WriteJsonAsync(context, writer =>
                {
                    writer.WriteNumber("leafIndex", index);
                    writer.WriteNumber("treeSize", size);
                    WriteHashes(writer, hashes);
                });
            }));
        audit.MapGet("/proof/consistency", (HttpContext context, AuditTree tree, AgencyTokenValidator tokens) =>
            AsAuditorAsync(context, tokens, async () =>
            {
                var (first, second) = (Long(context, "from"), Long(context, "to"));
                var hashes = await tree.ConsistencyProofAsync(first, second, context.RequestAborted);
                await WriteJsonAsync(context, writer =>
                {
                    writer.WriteNumber("first", first);
                    writer.WriteNumber("second", second);
                    WriteHashes(writer, hashes);
                });
            }));
        return app;
    }

    private static async Task AsAuditorAsync(HttpContext context, AgencyTokenValidator tokens, Func<Task> answer)
    {
        var requestId = RequestIds.Get(context);
        var check = await tokens.ValidateHeaderAsync(context.Request.Headers.Authorization, context.RequestAborted);
        if (!check.Succeeded)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await ProblemWriter.WriteAsync(context, ProblemTypes.Unauthenticated, check.Failure!, requestId);
            return;
        }

        if (!check.Principal!.HasRole(AgencyRoles.Auditor) || !check.Principal.HasScope(InterchangeScopes.Audit))
        {
            await ProblemWriter.WriteAsync(context, ProblemTypes.Forbidden, "Audit entries and proofs are for auditors (role auditor, scope audit).", requestId);
            return;
        }

        try
        {
            await answer();
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // The rule broken, without .NET's "(Parameter …)" suffix.
            var detail = e.Message;
            var cut = detail.IndexOf(" (Parameter", StringComparison.Ordinal);
            await ProblemWriter.WriteAsync(context, ProblemTypes.BadRequest, cut > 0 ? detail[..cut] : detail, requestId);
        }
    }

    private static long Long(HttpContext context, string name) =>
        long.TryParse(context.Request.Query[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{name}' must be a non-negative whole number.");

    private static void WriteHashes(Utf8JsonWriter writer, IReadOnlyList<byte[]> hashes)
    {
        writer.WriteStartArray("hashes");
        foreach (var hash in hashes)
        {
            writer.WriteBase64StringValue(hash);
        }

        writer.WriteEndArray();
    }

    private static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
