using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Interchange.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Interchange.Benchmarks.DecisionBenchmarks).Assembly).Run(args);
