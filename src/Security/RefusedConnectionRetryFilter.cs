using BigDL.Security.Tls;
using Microsoft.Extensions.DependencyInjection;

namespace BigDL.Security;

/// <summary>
/// Stops a client from retrying a connect that the gateway refused for its credentials, and fails it with one
/// <see cref="AuthenticationRefusedException"/> instead; every other failure goes to the retry filter it wraps.
/// </summary>
/// <remarks>
/// Orleans wraps every failed connect in a <c>ConnectionFailedException</c>, which its default filter retries 15 times with
/// a linear back-off (1.5 s, 3 s, … 22.5 s): three minutes before a client holding the wrong key hears about it. A refusal
/// is a setting that differs, not a gateway that is still starting, so no retry can succeed. The failures that count as
/// refusals say so themselves (<see cref="IConnectionRefusal"/>).
/// </remarks>
internal sealed class RefusedConnectionRetryFilter(IClientConnectionRetryFilter? inner, TlsRefusals? tlsRefusals = null) : IClientConnectionRetryFilter
{
    /// <summary>
    /// Wraps the retry filter registered so far (Orleans' default, or the application's) in this one. A filter registered
    /// later with <c>UseConnectionRetryFilter</c> replaces both, and decides about refusals itself.
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(RefusedConnectionRetryFilter)))
        {
            return; // both authentication schemes ask for it; one is enough
        }

        var wrapped = services.LastOrDefault(d => d.ServiceType == typeof(IClientConnectionRetryFilter) && !d.IsKeyedService);
        services.AddSingleton(sp => new RefusedConnectionRetryFilter(wrapped is null ? null : Create(sp, wrapped), sp.GetService<TlsRefusals>()));
        services.AddSingleton<IClientConnectionRetryFilter>(sp => sp.GetRequiredService<RefusedConnectionRetryFilter>());
    }

    /// <summary>Gets the filter that decides about every failure that is not a refusal; null retries none.</summary>
    internal IClientConnectionRetryFilter? Inner => inner;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var refusal = FindRefusal(exception);
        if (refusal is null && tlsRefusals is not null)
        {
            refusal = await tlsRefusals.TakeAsync().ConfigureAwait(false);
        }

        if (refusal is not null)
        {
            throw new AuthenticationRefusedException(refusal.Explanation, exception);
        }

        return inner is not null && await inner.ShouldRetryConnectionAttempt(exception, cancellationToken).ConfigureAwait(false);
    }

    static IConnectionRefusal? FindRefusal(Exception? exception) => exception switch
    {
        null => null,
        IConnectionRefusal { IsRefusal: true } refusal => refusal,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindRefusal).FirstOrDefault(r => r is not null),
        _ => FindRefusal(exception.InnerException),
    };

    static IClientConnectionRetryFilter Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        (IClientConnectionRetryFilter)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!)); // a descriptor has one of the three
}
