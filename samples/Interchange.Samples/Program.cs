using Interchange.Samples;

DemoSources.Build(args).Run();
