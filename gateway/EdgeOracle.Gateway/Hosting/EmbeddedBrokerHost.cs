using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Ingress;
using EdgeOracle.Gateway.Mqtt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Hosting;

/// <summary>
/// Starts and stops the embedded broker, except in external-broker mode (<c>ExternalBroker:Host</c> set): there devices
/// publish to the external broker, and a broker of our own on <c>Mqtt:Port</c> would only take connections that no other
/// gateway sees (and make two gateways on one machine fight over the port). The broker is not even created then.
/// </summary>
internal sealed class EmbeddedBrokerHost(IServiceProvider services, IOptions<ExternalBrokerOptions> external) : IHostedService
{
    private EmbeddedMqttBroker? Broker => external.Value.Enabled ? null : services.GetRequiredService<EmbeddedMqttBroker>();

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Broker?.StartAsync(cancellationToken) ?? Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Broker?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
