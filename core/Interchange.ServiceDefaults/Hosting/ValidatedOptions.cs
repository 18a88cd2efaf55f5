using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Interchange.ServiceDefaults.Hosting;

public static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/>, validated at start, and returns the
    /// values now for wiring that needs them; bad configuration stops the service with every problem named.
    /// </summary>
    public static T AddValidatedOptions<T>(this WebApplicationBuilder builder, string section)
        where T : class, new()
    {
        var configuration = builder.Configuration.GetSection(section);
        builder.Services.AddOptions<T>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.Get<T>() ?? new T();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(section, typeof(T), results.Select(r => $"{section}: {r.ErrorMessage}"));
        }

        return options;
    }
}
