using Interchange.Identity;

var app = await IdentityApplication.BuildAsync(args);
await app.RunAsync();
