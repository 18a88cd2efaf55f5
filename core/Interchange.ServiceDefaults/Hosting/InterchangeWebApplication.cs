using Interchange.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Builder;

namespace Interchange.ServiceDefaults.Hosting;

/// <summary>How every Interchange service creates its <see cref="WebApplicationBuilder"/>.</summary>
public static class InterchangeWebApplication
{
    /// <summary>
    /// The host setting that turns off reloading appsettings*.json on change. With it on (the framework's default),
    /// the host watches its whole content root, sub-folders included, with inotify: when the data folder lies under
    /// it (the standalone run from the repository, a container whose working directory holds the databases), every
    /// write of the audit log and the stores wakes a watcher thread in every service, which measured as a fifth of
    /// the gateway's CPU on personal-data pages. Configuration is read at start; a change takes a restart.
    /// The responsibility lists are watched on their own folder and still reload.
    /// </summary>
    public const string NoConfigReload = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>
    /// The builder, with the failure responses every service answers with (<see cref="FailureResponses"/>); the service
    /// puts <c>UseInterchangeProblems()</c> first in its pipeline.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder([.. args, NoConfigReload]);
        builder.Services.AddInterchangeProblems();
        return builder;
    }
}
