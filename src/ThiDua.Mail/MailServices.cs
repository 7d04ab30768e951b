using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ThiDua.Mail;

/// <summary>Registers the SMTP transport from configuration.</summary>
public static class MailServices
{
    /// <summary>
    /// Binds <see cref="MailOptions"/> to <c>ThiDua:Mail</c>, checked when the host starts
    /// (<see cref="MailOptionsValidator"/>), and sends with <see cref="SmtpMailSender"/>.
    /// </summary>
    public static IServiceCollection AddSmtpMail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailOptions>, MailOptionsValidator>());
        services.TryAddSingleton<IMailSender, SmtpMailSender>();
        return services;
    }
}
