using Interchange.Standalone;

return await StandaloneCommand.RunAsync(args, Console.Out, Console.Error);
