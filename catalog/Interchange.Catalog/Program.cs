using Interchange.Catalog;
using Interchange.Catalog.Storage;
using Interchange.ServiceDefaults.Hosting;

if (MigrateCommand.IsRequested(args))
{
    return await CatalogDatabase.MigrateCommandAsync(args);
}

var app = await CatalogApplication.BuildAsync(args);
await app.RunAsync();
return 0;
