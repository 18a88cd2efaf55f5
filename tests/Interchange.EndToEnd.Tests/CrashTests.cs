using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Interchange.Audit;
using Interchange.Audit.Checkpoints;
using Interchange.Audit.Merkle;
using Interchange.Core.Http;
using Interchange.Testing;
using Microsoft.Extensions.Options;

namespace Interchange.EndToEnd.Tests;

/// <summary>
/// docs/security.md, case 24, and issue 4's crash test: the interchange as a real process, killed hard
/// (SIGKILL) while requests run; after a restart every answered read has its audit record and the
/// log still verifies against its signed checkpoint.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private readonly TestScenario _scenario = new();
    private Process? _process;

    [Fact]
    public async Task KillDuringLoad_EveryAnsweredReadIsOnRecord_AndTheLogStillVerifies()
    {
        // The demo lists with the per-minute limits lifted: this test wants many allowed reads.
        foreach (var list in Directory.GetFiles(_scenario.ListsDirectory, "*.yaml"))
        {
            File.WriteAllText(list, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(list), @"per_minute: \d+", "per_minute: 1000000"));
        }

        var url = new Uri($"http://127.0.0.1:{TestScenario.FreePort()}/");
        await StartAsync(url);
        using var client = new InterchangeClient(url);
        var token = await client.TokenAsync("sz-civil-affairs");

        // Load from several agencies' worth of concurrent readers, then a hard kill in the middle of it.
        var answered = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var response = await client.Http.SendAsync(Read(token), stop.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        await response.Content.ReadAsByteArrayAsync(stop.Token);
                        answered.Add(response.Headers.GetValues(InterchangeHeaders.RequestId).Single());
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                {
                    // The process is gone mid-request: that request got no answer, so nothing is owed for it.
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2));
        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.True(answered.Count > 20, $"only {answered.Count} reads were answered before the kill");

        // After a restart on the same data, every answered read is on record.
        await StartAsync(url);
        var reader = new AuditReader(Options.Create(new AuditOptions { DatabasePath = Path.Combine(_scenario.DataDirectory, "audit.db") }));
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        long? after = null;
        while (true)
        {
            var page = await reader.QueryAsync(new AuditQuery(AfterLeafIndex: after, First: 1000));
            foreach (var record in page.Records)
            {
                recorded.Add(record.RequestId);
                after = record.LeafIndex;
            }

            if (!page.HasNextPage)
            {
                break;
            }
        }

        var missing = answered.Where(id => !recorded.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {answered.Count} answered reads have no audit record");

        // And the log, as published after the crash, still verifies against its signed checkpoint.
        var key = (await client.Http.GetStringAsync("audit/key")).Trim();
        Assert.True(CheckpointVerifier.TryVerify(await client.Http.GetStringAsync("audit/checkpoint"), key, out var head));
        using var tree = new Interchange.Audit.Proofs.AuditTree(Options.Create(new AuditOptions { DatabasePath = Path.Combine(_scenario.DataDirectory, "audit.db") }));
        var merkle = new MerkleTree();
        for (long start = 0; start < head.Size;)
        {
            var entries = await tree.EntriesAsync(start, head.Size);
            foreach (var (_, data) in entries)
            {
                merkle.Append(MerkleHash.LeafHash(data));
            }

            start += entries.Count;
        }

        Assert.Equal(head.Root.ToArray(), merkle.Root());
    }

    private static HttpRequestMessage Read(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "data/business-licenses/records?limit=2");
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add(InterchangeHeaders.Purpose, "business-verification");
        return request;
    }

    private async Task StartAsync(Uri url)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Interchange.Standalone.exe" : "Interchange.Standalone"))
        {
            WorkingDirectory = _scenario.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--urls", url.GetLeftPart(UriPartial.Authority), "--data", _scenario.DataDirectory, "--lists", _scenario.ListsDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        _process = Process.Start(start)!;
        // Drain the output so the child never blocks on a full pipe.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if ((await probe.GetAsync(".well-known/openid-configuration")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            Assert.False(_process.HasExited, "the interchange process exited during start-up");
            await Task.Delay(250);
        }

        Assert.Fail("the interchange process did not start within 30 s");
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _scenario.Dispose();
    }
}
