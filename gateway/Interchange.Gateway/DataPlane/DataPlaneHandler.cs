using System.Buffers;
using Interchange.Audit;
using Interchange.Audit.Subjects;
using Interchange.Core.Agencies;
using Interchange.Core.Grants;
using Interchange.Core.Http;
using Interchange.Gateway.Routing;
using Interchange.Policies;
using Interchange.Policies.Decisions;
using Interchange.Policies.Fields;
using Interchange.Policies.Masking;
using Interchange.ServiceDefaults.Problems;
using Interchange.ServiceDefaults.Tokens;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace Interchange.Gateway.DataPlane;

/// <summary>
/// The one enforcement point: authenticate the agency, decide by the responsibility list, rate-limit,
/// record the decision durably, and only then release the source's answer with its fields masked.
/// </summary>
internal sealed partial class DataPlaneHandler(
    AgencyTokenValidator tokens,
    PolicyStore policies,
    IAuditLog audit,
    RateLimiter rateLimiter,
    RecordQuota recordQuota,
    RefusalLimiter refusals,
    GrantLookup grants,
    Pseudonymiser pseudonymiser,
    SubjectHasher subjectHasher,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<GatewayOptions> gatewayOptions,
    ILogger<DataPlaneHandler> logger)
{
    private const string Anonymous = "anonymous";

    /// <summary>The catalogue's bound on a dataset id (<c>Dataset.Id</c>, 128 characters in <c>CatalogDbContext</c>).</summary>
    private const int MaxDatasetId = 128;

    /// <summary>Details are the gateway's own sentences; this only caps one that quotes something a caller sent.</summary>
    private const int MaxDetail = 512;

    /// <summary>The paging parameter of the sources' contract (<c>GET /records?limit=&amp;offset=</c>).</summary>
    private const string LimitParameter = "limit";

    /// <summary>Proxy-pipeline step for routes of registered datasets.</summary>
    public async Task HandleAsync(HttpContext context, Func<Task> next)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        if (route.Metadata is null || !route.Metadata.TryGetValue(RouteMetadata.Dataset, out var datasetId))
        {
            await next();
            return;
        }

        var request = await DecideAsync(context, datasetId, route.Metadata[RouteMetadata.Provider]);
        if (request is null)
        {
            return;
        }

        context.Features.Set(request);
        await next();

        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is not null && !request.Audited && context.RequestAborted.IsCancellationRequested)
        {
            // The agency hung up before anything was released (YARP says RequestCanceled, or the source "failed"
            // because its call was cancelled with the request): not the source's fault, and nobody to answer.
            await AuditClientLeftAsync(context, request);
            return;
        }

        if (error is not null && !request.Audited && !context.Response.HasStarted)
        {
            // YARP clears the response on some errors, the request id with it.
            ResetResponse(context);
            if (error.Error == ForwarderError.RequestBodyClient)
            {
                // The agency's body could not be read (e.g. larger than the limit while streaming): its fault, not the source's.
                var tooLarge = IsBodyTooLarge(error.Exception);
                await RefuseAsync(context, request.Agency.AgencyId, datasetId, request.Purpose, request.Case,
                    tooLarge ? ProblemTypes.PayloadTooLarge : ProblemTypes.BadRequest,
                    tooLarge ? "The request body is larger than the gateway accepts." : "The request body could not be read.",
                    request.Decision.Rule, decision: AuditDecision.Allowed);
                return;
            }

            if (error.Error == ForwarderError.NoAvailableDestinations)
            {
                // The source failed repeatedly and is resting; nothing was sent to it.
                var resting = TimeSpan.FromTicks(Math.Max(gatewayOptions.Value.SourceReactivationPeriod.Ticks, gatewayOptions.Value.SourceFailureWindow.Ticks));
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(resting.TotalSeconds))
                    .ToString(System.Globalization.CultureInfo.InvariantCulture);
                await RefuseAsync(context, request.Agency.AgencyId, datasetId, request.Purpose, request.Case,
                    ProblemTypes.UpstreamUnavailable, "The source has failed repeatedly and is not being called for now; try again later.",
                    request.Decision.Rule, status: StatusCodes.Status503ServiceUnavailable, decision: AuditDecision.Allowed);
                return;
            }

            var timedOut = error.Error == ForwarderError.RequestTimedOut;
            LogSourceFailed(logger, datasetId, error.Error);
            await RefuseAsync(context, request.Agency.AgencyId, datasetId, request.Purpose, request.Case,
                ProblemTypes.UpstreamUnavailable,
                timedOut ? "The source did not answer in time." : "The source could not be reached.",
                request.Decision.Rule,
                status: timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
                decision: AuditDecision.Allowed);
        }
    }

    /// <summary>
    /// Front-door middleware, before anything is routed: request targets with dot segments, backslashes or encoded
    /// separators (which the server would normalise into another route) and bodies declared larger than the limit
    /// are refused here, so they never reach a route, let alone a source.
    /// </summary>
    public async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var pathIsSafe = PathGuard.IsSafe(rawTarget);
        var maxBody = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        var bodyTooLarge = maxBody is { } max && context.Request.ContentLength > max;
        if (pathIsSafe && !bodyTooLarge)
        {
            await next(context);
            return;
        }

        var isDataPlane = rawTarget.StartsWith("/data/", StringComparison.OrdinalIgnoreCase);
        var datasetId = context.Request.Path.StartsWithSegments("/data", StringComparison.OrdinalIgnoreCase, out var rest)
            ? rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            : null;
        var check = await tokens.ValidateHeaderAsync(context.Request.Headers.Authorization, context.RequestAborted);
        if (!check.Succeeded && isDataPlane)
        {
            await RefuseUnauthenticatedAsync(context, datasetId, check.Failure!);
            return;
        }

        var agency = check.Principal?.AgencyId ?? Anonymous;
        if (!pathIsSafe)
        {
            await RefuseAsync(context, agency, datasetId, Purpose(context), Case(context), ProblemTypes.BadRequest,
                "The path holds dot segments, backslashes, encoded separators or malformed percent-encoding; it is not forwarded.", rule: null);
            return;
        }

        await RefuseAsync(context, agency, datasetId, Purpose(context), Case(context), ProblemTypes.PayloadTooLarge,
            $"The request body is larger than {maxBody} bytes.", rule: null);
    }

    /// <summary>Endpoint for <c>/data/…</c> paths that match no registered dataset.</summary>
    public async Task UnknownDatasetAsync(HttpContext context)
    {
        var datasetId = context.Request.RouteValues["dataset"] as string;
        var check = await tokens.ValidateHeaderAsync(context.Request.Headers.Authorization, context.RequestAborted);
        if (!check.Succeeded)
        {
            await RefuseUnauthenticatedAsync(context, datasetId, check.Failure!);
            return;
        }

        await RefuseAsync(context, check.Principal!.AgencyId, datasetId, Purpose(context), Case(context),
            ProblemTypes.UnknownDataset, $"There is no dataset '{Bounded(datasetId, MaxDatasetId)}' in the catalogue.", rule: null);
    }

    private async Task<DataRequest?> DecideAsync(HttpContext context, string datasetId, string providerId)
    {
        var purpose = Purpose(context);
        var @case = Case(context);
        var check = await tokens.ValidateHeaderAsync(context.Request.Headers.Authorization, context.RequestAborted);
        if (!check.Succeeded)
        {
            await RefuseUnauthenticatedAsync(context, datasetId, check.Failure!);
            return null;
        }

        var agency = check.Principal!;
        if (!agency.HasScope(InterchangeScopes.Data))
        {
            await RefuseAsync(context, agency.AgencyId, datasetId, purpose, @case, ProblemTypes.InsufficientScope,
                "The token lacks the 'data' scope needed for the data plane.", rule: null);
            return null;
        }

        if ((purpose is not null && !InterchangeHeaders.IsValidValue(purpose)) || (@case is not null && !InterchangeHeaders.IsValidValue(@case)))
        {
            await RefuseAsync(context, agency.AgencyId, datasetId, null, null, ProblemTypes.BadRequest,
                $"{InterchangeHeaders.Purpose} and {InterchangeHeaders.Case} may have at most {InterchangeHeaders.MaxValueLength} printable ASCII characters, without control characters.", rule: null);
            return null;
        }

        if (string.IsNullOrWhiteSpace(purpose))
        {
            await RefuseAsync(context, agency.AgencyId, datasetId, null, @case, ProblemTypes.PurposeRequired,
                $"Send the purpose of the access in the {InterchangeHeaders.Purpose} header.", rule: null);
            return null;
        }

        var policySet = policies.Current;
        var decisionRequest = new DecisionRequest(agency.AgencyId, agency.Region, datasetId, purpose, @case, Grant: null, time.GetUtcNow(), context.Request.Method);
        var decision = DecisionEngine.Decide(policySet, decisionRequest);
        if (decision.Outcome == DecisionOutcome.GrantRequired && decision.Entry?.ProviderId == providerId)
        {
            // Only a conditional read that the list would allow with a grant costs a store lookup.
            Grant? grant;
            try
            {
                grant = await grants.InForceAsync(agency.AgencyId, datasetId, purpose, context.RequestAborted);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                LogGrantStoreFailed(logger, datasetId, e.Message);
                context.Response.Headers.RetryAfter = "5";
                await RefuseAsync(context, agency.AgencyId, datasetId, purpose, @case, ProblemTypes.PolicyUnavailable,
                    "The grant store cannot be read right now, so the conditional read is refused. Try again shortly.", decision.Rule);
                return null;
            }

            if (grant is not null)
            {
                decision = DecisionEngine.Decide(policySet, decisionRequest with { Grant = grant });
            }
        }

        if (decision.Outcome == DecisionOutcome.UnknownDataset || (decision.Entry is not null && decision.Entry.ProviderId != providerId))
        {
            // The dataset is in the catalogue, so the caller knows of it; no entry of its provider shares it.
            await RefuseAsync(context, agency.AgencyId, datasetId, purpose, @case, ProblemTypes.NotShared,
                $"No responsibility-list entry of {providerId} shares '{datasetId}'.", rule: null);
            return null;
        }

        if (!decision.Allowed)
        {
            if (decision.Outcome == DecisionOutcome.MethodNotAllowed)
            {
                context.Response.Headers.Allow = decision.Entry!.Allow;
            }

            await RefuseAsync(context, agency.AgencyId, datasetId, purpose, @case, decision.Problem!, decision.Reason, decision.Rule);
            return null;
        }

        if (await RefusedByLimitsAsync(context, agency.AgencyId, datasetId, purpose, @case, decision))
        {
            return null;
        }

        return new DataRequest(RequestIds.Get(context), datasetId, agency, purpose, @case, decision);
    }

    /// <summary>
    /// The entry's limits, cheapest first, before the source is called: the page asked for (<c>max_page_size</c>), the
    /// records released today (<c>records_per_day</c>), then the requests this minute (<c>per_minute</c>), so that a
    /// request refused for its page or the day's quota does not use up a request of the minute.
    /// </summary>
    private async Task<bool> RefusedByLimitsAsync(HttpContext context, string agency, string datasetId, string purpose, string? @case, Decision decision)
    {
        var limits = decision.Entry!.Limits;
        if (limits.MaxPageSize is { } maxPage && !IsPageWithin(context.Request.Query[LimitParameter], maxPage))
        {
            await RefuseAsync(context, agency, datasetId, purpose, @case, ProblemTypes.BadRequest,
                $"max_page_size of '{datasetId}' is {maxPage} records: send {LimitParameter} once, as a whole number of at most {maxPage} "
                + $"(got {LimitParameter}={Bounded(context.Request.Query[LimitParameter].ToString(), 20)}).", decision.Rule);
            return true;
        }

        if (limits.RecordsPerDay is { } perDay && await recordQuota.CheckAsync(agency, datasetId, perDay) is { Allowed: false } quota)
        {
            context.Response.Headers.RetryAfter = Seconds(quota.RetryAfter);
            var offset = gatewayOptions.Value.TimeZoneOffset;
            var midnight = $"midnight (UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration().Hours:D2}:{offset.Duration().Minutes:D2})";
            await RefuseAsync(context, agency, datasetId, purpose, @case, ProblemTypes.RateLimited,
                quota.Used >= perDay
                    ? $"Over records_per_day: {perDay} records of '{datasetId}' a day for this agency, {quota.Used} released today; the count starts again at {midnight}."
                    : $"records_per_day of '{datasetId}' ({perDay}) cannot be counted across the gateways right now, and this gateway has released its share of it; try again shortly.",
                decision.Rule);
            return true;
        }

        if (limits.PerMinute is { } perMinute && await rateLimiter.TryAcquireAsync(agency, datasetId, perMinute) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Seconds(retryAfter);
            await RefuseAsync(context, agency, datasetId, purpose, @case, ProblemTypes.RateLimited,
                $"Over the limit of {perMinute} requests per minute for '{datasetId}'.", decision.Rule);
            return true;
        }

        return false;
    }

    /// <summary>
    /// A <c>limit</c> the gateway can check: absent (the source's default page, whose size the release checks), or sent
    /// once as plain digits of at most <paramref name="maxPage"/>. Anything else the source might read as a larger page.
    /// </summary>
    private static bool IsPageWithin(Microsoft.Extensions.Primitives.StringValues limit, int maxPage) =>
        limit.Count == 0
        || (limit.Count == 1 && limit[0] is { Length: > 0 and <= 10 } value
            && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var asked)
            && asked <= maxPage);

    /// <summary>
    /// Response transform of data routes: put the access on record (durably) before anything of the
    /// source's answer is released, then stream the body through the field masker.
    /// </summary>
    public async ValueTask OnSourceResponseAsync(ResponseTransformContext transform)
    {
        var context = transform.HttpContext;
        var request = context.Features.Get<DataRequest>();
        var source = transform.ProxyResponse;
        if (request is null || source is null)
        {
            return;
        }

        transform.SuppressResponseBody = true;
        try
        {
            await RespondAsync(context, request, source);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The agency hung up (e.g. a client's timeout) while its answer was being masked, recorded or sent. That
            // is no fault of the source or the gateway: no warning, no stack trace, no problem answer to nobody.
            await AuditClientLeftAsync(context, request);
            context.Abort();
        }
    }

    private async Task RespondAsync(HttpContext context, DataRequest request, HttpResponseMessage source)
    {
        var status = (int)source.StatusCode;
        if (status is < 200 or > 299)
        {
            await RelaySourceRefusalAsync(context, request, status);
            return;
        }

        var mediaType = source.Content.Headers.ContentType?.MediaType;
        var isJson = mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal));
        var hasBody = !HttpMethods.IsHead(context.Request.Method) && source.Content.Headers.ContentLength != 0 && status != StatusCodes.Status204NoContent;
        if (hasBody && !isJson)
        {
            ResetResponse(context);
            await RefuseAsync(context, request.Agency.AgencyId, request.DatasetId, request.Purpose, request.Case,
                ProblemTypes.UpstreamUnavailable, "The source answered with a body that is not JSON; it cannot be masked, so it is withheld.",
                request.Decision.Rule, status: StatusCodes.Status502BadGateway, decision: AuditDecision.Allowed);
            request.Audited = true;
            return;
        }

        if (hasBody && request.Decision.Entry?.SubjectField is { } subjectField)
        {
            await ReleaseWithSubjectsAsync(context, request, source, status, subjectField);
            return;
        }

        // An answer without a body (HEAD, 204, an empty 200) released no field of any record: none is put on record.
        if (!await TryAuditAsync(context, request, status, hasBody ? request.Decision.Fields.ReturnedFields : [], subjects: []))
        {
            return;
        }

        var response = context.Response;
        response.Headers[InterchangeHeaders.Rule] = request.Decision.Rule;
        response.Headers.ContentLength = null;
        response.Headers.CacheControl = "no-store";
        if (!hasBody)
        {
            return;
        }

        response.ContentType = "application/json; charset=utf-8";
        var records = Counter(request);
        await using var body = await source.Content.ReadAsStreamAsync(context.RequestAborted);
        try
        {
            // Straight into the response's pipe (flushed every 16 KB), without a copy through a stream buffer.
            await JsonRecordMasker.MaskAsync(body, response.BodyWriter,
                new MaskingContext(request.Decision.Fields, request.Agency.AgencyId, pseudonymiser) { Records = records }, context.RequestAborted);
        }
        catch (RecordLimitExceededException e)
        {
            // Streamed: up to max_page_size records may be out already, so, as for JSON that cannot be masked, the
            // connection is cut and the agency never gets the page as a whole (held in memory, it is withheld as 502).
            LogTooManyRecords(logger, request.DatasetId, e.Max);
            context.Abort();
        }
        catch (InvalidDataException e)
        {
            LogMaskingFailed(logger, request.DatasetId, e.Message);
            // Part of the body may be out already; cutting the connection is the only honest end.
            context.Abort();
        }
        finally
        {
            await CountReleasedAsync(request, records);
        }
    }

    /// <summary>Counts the records of an answer when the entry limits them (per day or per page); null when it does not.</summary>
    private static RecordCounter? Counter(DataRequest request) =>
        request.Decision.Entry?.Limits is { } limits && (limits.RecordsPerDay is not null || limits.MaxPageSize is not null)
            ? new RecordCounter(limits.MaxPageSize)
            : null;

    /// <summary>
    /// Adds what was released to the day's count. Records written into a response that was then cut count too: whether
    /// the agency received them cannot be known, and the quota errs on the side of having released them.
    /// </summary>
    private async ValueTask CountReleasedAsync(DataRequest request, RecordCounter? records)
    {
        if (records is { Count: > 0 } && request.Decision.Entry!.Limits.RecordsPerDay is not null)
        {
            await recordQuota.CountAsync(request.Agency.AgencyId, request.DatasetId, records.Count);
        }
    }

    /// <summary>
    /// For entries naming a subject field: mask the whole answer into memory while collecting each record's subject,
    /// put the access on record with the subjects' keyed hashes, and only then release the masked bytes. The subjects
    /// must be in the durable record before any data leaves, so this answer cannot be streamed.
    /// </summary>
    private async Task ReleaseWithSubjectsAsync(HttpContext context, DataRequest request, HttpResponseMessage source, int status, string subjectField)
    {
        var collector = new SubjectCollector(subjectField);
        var records = Counter(request);
        var limit = gatewayOptions.Value.MaxPersonalResponseBytes;
        using var masked = new CappedBuffer(limit);
        string? withheld = null;
        await using (var body = await source.Content.ReadAsStreamAsync(context.RequestAborted))
        {
            try
            {
                await JsonRecordMasker.MaskAsync(body, (IBufferWriter<byte>)masked,
                    new MaskingContext(request.Decision.Fields, request.Agency.AgencyId, pseudonymiser) { Subjects = collector, Records = records },
                    context.RequestAborted);
            }
            catch (RecordLimitExceededException e)
            {
                // Not cut to the maximum: a page shorter than the source meant would silently break the agency's paging.
                LogTooManyRecords(logger, request.DatasetId, e.Max);
                withheld = $"The source's answer holds more than the {e.Max} records of max_page_size for '{request.DatasetId}', so it is withheld.";
            }
            catch (InvalidDataException e)
            {
                LogMaskingFailed(logger, request.DatasetId, e.Message);
                withheld = "The source answered with JSON that could not be masked, so it is withheld.";
            }
            catch (CappedBuffer.FullException)
            {
                withheld = $"The source's answer is larger than the {limit} bytes the gateway accounts for per personal-data answer; ask for a smaller page.";
            }
        }

        if (withheld is not null)
        {
            ResetResponse(context);
            await RefuseAsync(context, request.Agency.AgencyId, request.DatasetId, request.Purpose, request.Case,
                ProblemTypes.UpstreamUnavailable, withheld, request.Decision.Rule, status: StatusCodes.Status502BadGateway, decision: AuditDecision.Allowed);
            request.Audited = true;
            return;
        }

        if (!await TryAuditAsync(context, request, status, request.Decision.Fields.ReturnedFields, subjectHasher.HashAll(collector.Values)))
        {
            return;
        }

        var response = context.Response;
        response.Headers[InterchangeHeaders.Rule] = request.Decision.Rule;
        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = masked.Length;
        try
        {
            await response.Body.WriteAsync(masked.Written, context.RequestAborted);
        }
        finally
        {
            await CountReleasedAsync(request, records);
        }
    }

    private async Task RelaySourceRefusalAsync(HttpContext context, DataRequest request, int status)
    {
        // A source's own error body is never relayed: it is not masked and may hold data.
        ResetResponse(context);
        var (problem, answered, detail) = status switch
        {
            StatusCodes.Status404NotFound => (ProblemTypes.NotFound, status, "The source has no such record."),
            >= 500 => (ProblemTypes.UpstreamUnavailable, StatusCodes.Status502BadGateway, $"The source failed (status {status})."),
            _ => (ProblemTypes.SourceRejected, status, $"The source rejected the request (status {status})."),
        };
        await RefuseAsync(context, request.Agency.AgencyId, request.DatasetId, request.Purpose, request.Case,
            problem, detail, request.Decision.Rule, status: answered, decision: AuditDecision.Allowed);
        request.Audited = true;
    }

    private async Task RefuseUnauthenticatedAsync(HttpContext context, string? datasetId, string reason)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await RefuseAsync(context, Anonymous, datasetId, Purpose(context), Case(context), ProblemTypes.Unauthenticated, reason, rule: null);
    }

    /// <summary>Records a refusal (or a failed allowed access) and answers with problem+json.</summary>
    private async Task RefuseAsync(HttpContext context, string agency, string? datasetId, string? purpose, string? @case,
        ProblemType problem, string detail, string? rule, int? status = null, AuditDecision decision = AuditDecision.Denied)
    {
        // Refusals are what anyone can make the gateway write at will (an allowed read needs a grant and its limits);
        // an allowed access that failed at the source is not throttled: it is on record whatever its address.
        if (decision == AuditDecision.Denied)
        {
            var verdict = refusals.Count(context.Connection.RemoteIpAddress, agency == Anonymous ? null : agency, out var retryAfter, out var counted);
            if (verdict != RefusalLimiter.Verdict.Record)
            {
                await ThrottleAsync(context, agency, datasetId, purpose, @case, verdict == RefusalLimiter.Verdict.Throttle, retryAfter, counted);
                return;
            }
        }

        var answered = status ?? problem.Status;
        var record = Record(context, agency, datasetId, purpose, @case, decision, answered, [], problem.Uri, rule, detail);
        try
        {
            await audit.AppendAsync(record, context.RequestAborted);
        }
        catch (AuditUnavailableException)
        {
            await AuditUnavailableAsync(context);
            return;
        }

        await ProblemWriter.WriteAsync(context, problem, detail, RequestIds.Get(context), rule, answered);
    }

    /// <summary>
    /// A refusal from an address over <see cref="GatewayOptions.RefusalsPerAddress"/>: answered 429 instead of itself.
    /// Only the first of the window is put on record, as the throttling itself (who crossed the limit, from which
    /// address, until when), and it stands for the rest: recording each would let a client grow the permanent log at
    /// will, which is what the limit is for, and recording none would leave a gap in the gateway's decisions. So the log
    /// grows by at most the limit plus one record per address and window, every one bounded in size.
    /// </summary>
    private async Task ThrottleAsync(HttpContext context, string agency, string? datasetId, string? purpose, string? @case,
        bool first, TimeSpan retryAfter, RefusalLimiter.Counted counted)
    {
        var options = gatewayOptions.Value;
        context.Response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.WWWAuthenticate);
        context.Response.Headers.RetryAfter = Seconds(retryAfter);
        var until = time.GetUtcNow() + retryAfter;
        if (first)
        {
            LogThrottled(logger, counted.ToString(), options.RefusalsPerAddress, options.RefusalWindow);
            var record = Record(context, agency, datasetId, purpose, @case, AuditDecision.Denied, ProblemTypes.RateLimited.Status, [],
                ProblemTypes.RateLimited.Uri, rule: null,
                $"More than {options.RefusalsPerAddress} refusals from {counted} within {options.RefusalWindow}: its refusals until "
                + $"{until:yyyy-MM-dd'T'HH:mm:ss'Z'} are answered 429 and not recorded one by one.");
            try
            {
                await audit.AppendAsync(record, context.RequestAborted);
            }
            catch (AuditUnavailableException)
            {
                await AuditUnavailableAsync(context);
                return;
            }
        }

        await ProblemWriter.WriteAsync(context, ProblemTypes.RateLimited,
            $"Too many refused requests from {(counted.Agency is null ? "this address" : "this agency")}: until {until:yyyy-MM-dd'T'HH:mm:ss'Z'} each of its refusals is answered with this 429 instead.",
            RequestIds.Get(context));
    }

    /// <summary>
    /// An allowed request whose agency left before its answer was put on record: recorded as 499 with no fields
    /// (nothing was released), so every decision the gateway made is in the log. Once on record it is not repeated.
    /// </summary>
    private async Task AuditClientLeftAsync(HttpContext context, DataRequest request)
    {
        if (request.Audited)
        {
            return;
        }

        request.Audited = true;
        var record = Record(context, request.Agency.AgencyId, request.DatasetId, request.Purpose, request.Case,
            AuditDecision.Allowed, StatusCodes.Status499ClientClosedRequest, [], problem: null, request.Decision.Rule,
            "The agency closed the connection before the answer was released; nothing was sent.");
        try
        {
            await audit.AppendAsync(record, CancellationToken.None);
        }
        catch (AuditUnavailableException)
        {
            // Nothing was released, so there is nothing the record would have had to precede.
        }
    }

    private async Task<bool> TryAuditAsync(HttpContext context, DataRequest request, int status, IReadOnlyList<string> fields, IReadOnlyList<string> subjects)
    {
        var record = Record(context, request.Agency.AgencyId, request.DatasetId, request.Purpose, request.Case,
            AuditDecision.Allowed, status, fields, problem: null, request.Decision.Rule, detail: null, subjects);
        try
        {
            // Not cancelled with the request: once queued the record is written anyway, and it stands for this access.
            await audit.AppendAsync(record, CancellationToken.None);
            request.Audited = true;
            return true;
        }
        catch (AuditUnavailableException)
        {
            request.Audited = true;
            ResetResponse(context);
            await AuditUnavailableAsync(context);
            return false;
        }
    }

    private static async Task AuditUnavailableAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        await ProblemWriter.WriteAsync(context, ProblemTypes.AuditUnavailable,
            "The audit log cannot record this access right now, so no data is released. Try again shortly.", RequestIds.Get(context));
    }

    private AuditRecord Record(HttpContext context, string agency, string? datasetId, string? purpose, string? @case,
        AuditDecision decision, int status, IReadOnlyList<string> fields, string? problem, string? rule, string? detail,
        IReadOnlyList<string>? subjects = null) => new()
    {
        Time = time.GetUtcNow(),
        Kind = AuditKinds.DataAccess,
        RequestId = RequestIds.Get(context),
        Agency = agency,
        // Whatever reaches a record before (or without) authentication is bounded: the log is permanent.
        Dataset = Bounded(datasetId, MaxDatasetId),
        Purpose = Bounded(purpose, InterchangeHeaders.MaxValueLength),
        Case = Bounded(@case, InterchangeHeaders.MaxValueLength),
        Decision = decision,
        Status = status,
        Fields = fields,
        Problem = problem,
        Rule = rule,
        Detail = Bounded(detail, MaxDetail),
        Subjects = subjects ?? [],
    };

    /// <summary>
    /// <paramref name="value"/> if it has at most <paramref name="max"/> characters; else its start, marked as cut with a
    /// final '…' (U+2026) and <paramref name="max"/> characters in all, never splitting a surrogate pair.
    /// </summary>
    internal static string? Bounded(string? value, int max)
    {
        if (value is null || value.Length <= max)
        {
            return value;
        }

        var keep = max - 1;
        if (char.IsHighSurrogate(value[keep - 1]))
        {
            keep--;
        }

        return string.Concat(value.AsSpan(0, keep), "\u2026");
    }

    private static string Seconds(TimeSpan span) =>
        ((long)Math.Ceiling(span.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Kestrel's 413, however deep the forwarder wrapped it.</summary>
    private static bool IsBodyTooLarge(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }

    private static void ResetResponse(HttpContext context)
    {
        var requestId = RequestIds.Get(context);
        context.Response.Clear();
        context.Response.Headers[InterchangeHeaders.RequestId] = requestId;
    }

    private static string? Purpose(HttpContext context) => Header(context, InterchangeHeaders.Purpose);

    private static string? Case(HttpContext context) => Header(context, InterchangeHeaders.Case);

    private static string? Header(HttpContext context, string name)
    {
        var value = context.Request.Headers[name].ToString().Trim();
        return value.Length == 0 ? null : value;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grant store unreadable for {Dataset}: {Reason}")]
    private static partial void LogGrantStoreFailed(ILogger logger, string dataset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source of {Dataset} failed: {Error}")]
    private static partial void LogSourceFailed(ILogger logger, string dataset, ForwarderError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source of {Dataset} sent JSON that could not be masked: {Reason}")]
    private static partial void LogMaskingFailed(ILogger logger, string dataset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source of {Dataset} sent more than the {MaxPageSize} records of max_page_size; the answer was not released whole")]
    private static partial void LogTooManyRecords(ILogger logger, string dataset, int maxPageSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refusals from {Address} passed {Limit} per {Window}; they are answered 429 and not recorded one by one until the window ends")]
    private static partial void LogThrottled(ILogger logger, string address, int limit, TimeSpan window);
}
