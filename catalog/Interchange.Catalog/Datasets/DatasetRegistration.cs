using Interchange.Core.Regions;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using GraphQL;
using Interchange.Audit;
using Interchange.Catalog.Schema;
using Interchange.Core.Datasets;
using Interchange.Core.Storage;
using Interchange.Policies;
using Interchange.ServiceDefaults.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Interchange.Catalog.Datasets;

/// <summary>What a provider states when it registers a dataset and the source that serves it.</summary>
public sealed record RegisterDatasetInput(string Id, string Title, string? Description, string Region, Uri SourceUrl, string? UpdateFrequency);

/// <summary>
/// Providers register their own datasets; the gateway routes to the source within seconds. Whether and
/// how the dataset is shared is still the provider's responsibility list's to say: until an entry
/// names it, it is not shared.
/// </summary>
public sealed partial class DatasetRegistration(CatalogDbContext db, PolicyStore policies, IAuditLog audit, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<CatalogOptions> options)
{
    public async Task<DatasetView> RegisterAsync(AgencyPrincipal caller, RegisterDatasetInput input, string requestId, CancellationToken cancellationToken)
    {
        if (!DatasetId().IsMatch(input.Id))
        {
            throw BadInput("A dataset id is 2 to 64 lower-case letters, digits and hyphens, starting with a letter or digit.");
        }

        var title = input.Title.Trim();
        if (title.Length is 0 or > 256)
        {
            throw BadInput("A title of 1 to 256 characters is required.");
        }

        var description = input.Description?.Trim() ?? "";
        if (description.Length > 4000)
        {
            throw BadInput("The description may have at most 4,000 characters.");
        }

        if (!RegionCodes.IsValid(input.Region) || !RegionCodes.Contains(caller.Region, input.Region))
        {
            throw BadInput($"'{input.Region}' is not a GB/T 2260 region within the agency's own region {caller.Region}.");
        }

        await CheckSourceAsync(input.SourceUrl, options.Value.AllowLoopbackSources, cancellationToken);
        if (await db.Datasets.AnyAsync(d => d.Id == input.Id, cancellationToken))
        {
            throw BadInput($"A dataset '{input.Id}' is already registered.");
        }

        var now = time.GetUtcNow();
        var policySet = policies.Current;
        var entry = policySet.TryGetEntry(input.Id, out var listed) && listed.ProviderId == caller.AgencyId ? listed : null;
        var dataset = new Dataset
        {
            Id = input.Id,
            Title = title,
            Description = description,
            ProviderId = caller.AgencyId,
            Region = input.Region,
            SourceUrl = input.SourceUrl,
            UpdateFrequency = input.UpdateFrequency?.Trim(),
            SharingType = entry?.Sharing ?? SharingType.NotShared,
            Classification = entry?.Classification ?? Classification.General,
            RegisteredAt = now,
            UpdatedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await audit.AppendAsync(new AuditRecord
            {
                Time = now,
                Kind = AuditKinds.DatasetRegistered,
                RequestId = requestId,
                Agency = caller.AgencyId,
                Dataset = dataset.Id,
                Decision = AuditDecision.Allowed,
                Rule = entry?.RuleId,
                Status = 200,
                Detail = $"registered with source host {input.SourceUrl.Host}",
            }, cancellationToken);
        }
        catch (AuditUnavailableException)
        {
            throw new ExecutionError("The audit log cannot record this action right now, so nothing was changed. Try again shortly.") { Code = ErrorCodes.AuditUnavailable };
        }

        await transaction.CommitAsync(cancellationToken);
        var provider = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == caller.AgencyId, cancellationToken);
        return new DatasetView(dataset, entry, provider);
    }

    /// <summary>The URL's form, and every address its host resolves to (docs/security.md, case 18).</summary>
    private static async Task CheckSourceAsync(Uri url, bool allowLoopback, CancellationToken cancellationToken)
    {
        if (SourceAddresses.UrlRefusal(url, allowLoopback) is { } why)
        {
            throw BadInput($"The source URL is refused: {why}.");
        }

        IPAddress[] addresses;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            addresses = IPAddress.TryParse(url.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw BadInput($"The source host '{url.Host}' cannot be resolved.");
        }

        foreach (var address in addresses)
        {
            if (SourceAddresses.Refusal(address) is { } refused && !(allowLoopback && IPAddress.IsLoopback(address)))
            {
                throw BadInput($"The source host '{url.Host}' resolves to {refused}; sources must be departmental systems.");
            }
        }
    }

    private static ExecutionError BadInput(string message) => new(message) { Code = ErrorCodes.BadUserInput };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex DatasetId();
}
