using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EdgeOracle.Gateway.Ingress.External;

/// <summary>Registers the external-broker ingress (idle unless <c>ExternalBroker:Host</c> is set).</summary>
public static class ExternalBrokerServiceCollectionExtensions
{
    /// <summary>Options and the ingress.</summary>
    public static IServiceCollection AddGatewayExternalBroker(this IServiceCollection services)
    {
        services.AddOptions<ExternalBrokerOptions>().BindConfiguration(ExternalBrokerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IIngressSink, IngressSink>();
        services.TryAddSingleton<ExternalBrokerIngress>();
        services.AddHostedService(sp => sp.GetRequiredService<ExternalBrokerIngress>());
        return services;
    }
}
