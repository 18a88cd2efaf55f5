using Interchange.Catalog;

var app = await CatalogApplication.BuildAsync(args);
await app.RunAsync();
