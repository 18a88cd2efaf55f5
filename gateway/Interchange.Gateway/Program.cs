using Interchange.Gateway;

var app = GatewayApplication.Build(args);
await app.RunAsync();
