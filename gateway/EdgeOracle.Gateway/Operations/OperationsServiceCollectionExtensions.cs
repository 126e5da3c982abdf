using EdgeOracle.Gateway.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace EdgeOracle.Gateway.Operations;

/// <summary>OpenTelemetry metrics with a Prometheus scraping endpoint, and the readiness check.</summary>
public static class OperationsServiceCollectionExtensions
{
    /// <summary>
    /// Exports the gateway's meter (<see cref="GatewayMetrics.MeterName"/>: messages by reason, relay attempts by
    /// outcome) plus ASP.NET Core's and the runtime's to Prometheus at <c>GET /metrics</c>.
    /// </summary>
    public static IServiceCollection AddGatewayOperations(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("edgeoracle-gateway"))
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "System.Runtime")
                .AddPrometheusExporter());
        services.AddSingleton<ReadinessCheck>();
        return services;
    }
}
