using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Ingress.External;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Mqtt;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Ingress;

public sealed class ExternalBrokerIngressTests
{
    [MosquittoFact]
    public async Task DeviceOnMosquitto_IsAnsweredAfterTheStore_ThroughTheSharedSubscription()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var gateway = await RunningGateway.StartAsync(services =>
            services.Configure<ExternalBrokerOptions>(o => (o.Host, o.Port) = ("127.0.0.1", broker.Port)));
        await WaitUntilSubscribedAsync(gateway);

        var sensor = new TestDevice();
        gateway.Registry.Register(sensor, DeviceRole.Sensor);
        await using var device = await MqttDevice.ConnectAsync("127.0.0.1", broker.Port, sensor.Address, "eo/v1/" + sensor.Address + "/ack");
        var first = sensor.Observation();
        var second = sensor.Observation();

        var (pubAck1, topic1, ack1) = await device.SendAsync(first);
        var (_, _, ack2) = await device.SendAsync(second);
        var (_, _, again) = await device.SendAsync(first);

        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.Success, pubAck1.ReasonCode);
        Assert.Equal(Topics.Ack(sensor.GatewayAddress), topic1);
        Assert.Equal((ReasonCode.Accepted, 1UL), (ack1.Reason, ack1.Sequence));
        Assert.Equal((ReasonCode.Accepted, 2UL), (ack2.Reason, ack2.Sequence));
        Assert.Equal(ReasonCode.Duplicate, again.Reason);
        Assert.Equal(2, await gateway.App.Services.GetRequiredService<IMessageStore>().CountMessagesAsync(default));
        Assert.Equal(0, gateway.App.DevicePort);   // devices reach this gateway only through the external broker
        gateway.Logs.AssertNoErrors();
    }

    [MosquittoFact]
    public async Task ExternalBrokerMode_DoesNotStartTheEmbeddedBroker_AndReportsTheExternalOneAsWhereDevicesConnect()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var embeddedPort = EdgeOracle.LoadGen.GatewayProcess.FreePort();
        await using var gateway = await RunningGateway.StartAsync(services =>
        {
            services.Configure<MqttOptions>(o => o.Port = embeddedPort);
            services.Configure<ExternalBrokerOptions>(o => (o.Host, o.Port) = ("127.0.0.1", broker.Port));
        });
        await WaitUntilSubscribedAsync(gateway);

        using var probe = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, embeddedPort));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.Equal(broker.Port, gateway.App.MqttPort);
        using var http = new HttpClient { BaseAddress = gateway.App.HttpAddress };
        var health = await http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal(broker.Port, health.GetProperty("mqttPort").GetInt32());
        var ready = await http.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        gateway.Logs.AssertNoErrors();
    }

    private static async Task WaitUntilSubscribedAsync(RunningGateway gateway)
    {
        var ingress = gateway.App.Services.GetRequiredService<ExternalBrokerIngress>();
        var clock = Stopwatch.StartNew();
        while (!ingress.IsSubscribed)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the gateway did not subscribe at the broker");
            await Task.Delay(20);
        }
    }
}
