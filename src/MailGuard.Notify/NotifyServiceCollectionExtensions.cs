using MailGuard.Core;
using MailGuard.Quarantine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MailGuard.Notify;

/// <summary>Registers the notice templates, the composer and the outbox dispatcher.</summary>
public static class NotifyServiceCollectionExtensions
{
    public static IServiceCollection AddMailGuardNotify(this IServiceCollection services)
    {
        // Called from more than one composition; a second binding would append the list options to themselves.
        if (services.Any(d => d.ServiceType == typeof(NoticeComposer)))
        {
            return services;
        }
        services.AddOptions<NotifyOptions>()
            .BindConfiguration(NotifyOptions.Section)
            .Configure<IConfiguration>((o, configuration) =>
                o.TemplatesDirectory = Path.GetFullPath(o.TemplatesDirectory, ConfigFolder.Of(configuration)))
            .Validate(o => MailboxAddress.TryParse(o.From, out _), "Notify:From must be a mail address.")
            .Validate(o => o.Reviewers.All(r => MailboxAddress.TryParse(r, out _)), "Notify:Reviewers must be mail addresses.")
            .Validate(o => o.SenderLanguages.Values.All(NoticeTemplates.Languages.Contains), "Notify:SenderLanguages values must be \"en\" or \"ja\".")
            .Validate(o => o.MaxListedFindings >= 1, "Notify:MaxListedFindings must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotifyOptions>, TemplatesValidation>();
        services.AddSingleton(sp => NoticeTemplates.Load(sp.GetRequiredService<IOptions<NotifyOptions>>().Value.TemplatesDirectory));
        services.AddSingleton(sp => new NoticeComposer(
            sp.GetRequiredService<IOptions<NotifyOptions>>().Value,
            sp.GetRequiredService<IOptions<OrganizationOptions>>().Value,
            sp.GetRequiredService<NoticeTemplates>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IOptions<QuarantineOptions>>()?.Value.Retention ?? new QuarantineOptions().Retention));
        services.AddSingleton<OutboxDispatcher>();
        return services;
    }

    /// <summary>Missing or malformed templates are a startup error naming each file.</summary>
    private sealed class TemplatesValidation : IValidateOptions<NotifyOptions>
    {
        public ValidateOptionsResult Validate(string? name, NotifyOptions options)
        {
            try
            {
                NoticeTemplates.Load(options.TemplatesDirectory);
                return ValidateOptionsResult.Success;
            }
            catch (InvalidDataException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }
}
