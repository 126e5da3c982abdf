using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Ingress.External;
using EdgeOracle.Gateway.Mqtt.Broker;
using EdgeOracle.Gateway.Mqtt.Devices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Hosting;

/// <summary>
/// Starts and stops the gateway's own listeners, the device endpoint and the embedded broker, except in external-broker
/// mode (<c>ExternalBroker:Host</c> set): there devices publish to the external broker, and listeners of our own would
/// only take connections that no other gateway sees (and make two gateways on one machine fight over the ports). The
/// broker is not even created then. The device endpoint starts first, so that it is the first place the ingress sink
/// looks for a device when an ack arrives by another way.
/// </summary>
internal sealed class EmbeddedIngressHost(IServiceProvider services, IOptions<ExternalBrokerOptions> external) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (external.Value.Enabled)
        {
            return;
        }

        await services.GetRequiredService<DeviceEndpoint>().StartAsync(cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<EmbeddedMqttBroker>().StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (external.Value.Enabled)
        {
            return;
        }

        await services.GetRequiredService<DeviceEndpoint>().StopAsync(cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<EmbeddedMqttBroker>().StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
