using Interchange.Cli;

return await Cli.RunAsync(args, Console.Out, Console.Error);
