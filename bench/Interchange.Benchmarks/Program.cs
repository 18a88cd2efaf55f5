using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Interchange.Benchmarks;

// dotnet run -c Release --project bench/Interchange.Benchmarks -- --filter '*' --job short            (all suites; bench/README.md)
// dotnet run -c Release --project bench/Interchange.Benchmarks -- --filter '*' --job dry --inProcess  (smoke: each once, no rebuild)
// dotnet run -c Release --project bench/Interchange.Benchmarks -- catalog-latency [queries]         (per-query p50/p95/p99)
if (args.Length > 0 && args[0] == "catalog-latency")
{
    File.Delete(CatalogSearchBenchmarks.Store.FilePath);
    return await CatalogSearchBenchmarks.RunLatencyLoopAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
}

// The generated catalogue is made once per run, by the first benchmark process that needs it.
File.Delete(CatalogSearchBenchmarks.Store.FilePath);
var config = DefaultConfig.Instance
    .AddColumn(StatisticColumn.P95)
    // The out-of-process build compiles the whole product again; on a shared two-core machine that takes minutes.
    .WithBuildTimeout(TimeSpan.FromMinutes(15));
BenchmarkSwitcher.FromAssembly(typeof(DecisionBenchmarks).Assembly).Run(args, config);
return 0;
