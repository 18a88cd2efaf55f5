using Interchange.Identity;
using Interchange.Identity.Clients;
using Interchange.ServiceDefaults.Hosting;

if (MigrateCommand.IsRequested(args))
{
    return await IdentityDatabase.MigrateCommandAsync(args);
}

if (ClientCommand.IsRequested(args))
{
    return await ClientCommand.RunAsync(args);
}

var app = await IdentityApplication.BuildAsync(args);
await app.RunAsync();
return 0;
