using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Gateway.Tests.TestSupport;
using MQTTnet;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Mqtt;

/// <summary>Acks enqueued straight on the session of a device subscribed to its own ack topic, with and without monitors.</summary>
public sealed class DirectAckTests
{
    [Fact]
    public async Task Device_SubscribedToItsOwnAckTopic_GetsEachAckOnce_WithoutAnyMonitor()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var scenario = new Scenario(gateway.Registry, _ => Task.FromResult(ReasonCode.Accepted), gateway.Time.Advance);
        await using var device = await gateway.ConnectAsync(scenario.Sensor.Address, scenario.Sensor.Topic("ack"));

        for (ulong sequence = 1; sequence <= 3; sequence++)
        {
            var message = scenario.Sensor.Observation();
            var (pubAck, topic, ack) = await device.SendAsync(message);

            Assert.Equal(MqttClientPublishReasonCode.Success, pubAck.ReasonCode);
            Assert.Equal(scenario.Sensor.Topic("ack"), topic);
            Assert.Equal(new Acknowledgement(MessageKind.Observation, sequence, ReasonCode.Accepted, message.DigestWord), ack);
        }

        Assert.False(await device.AckArrivesWithinAsync(System.TimeSpan.FromMilliseconds(300)), "an ack arrived twice");
        gateway.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Monitor_OnEveryAckTopic_StillSeesAcks_ThatWentDirectlyToTheDevice()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var scenario = new Scenario(gateway.Registry, _ => Task.FromResult(ReasonCode.Accepted), gateway.Time.Advance);
        await using var monitor = await gateway.ConnectAsync("monitor");
        await using var device = await gateway.ConnectAsync(scenario.Sensor.Address, scenario.Sensor.Topic("ack"));
        var message = scenario.Sensor.Observation();

        var (_, _, ack) = await device.SendAsync(message);
        var (monitorTopic, monitorAck) = await monitor.NextAckAsync();

        Assert.Equal(ReasonCode.Accepted, ack.Reason);
        Assert.Equal(scenario.Sensor.Topic("ack"), monitorTopic);
        Assert.Equal(ack, monitorAck);
        Assert.False(await device.AckArrivesWithinAsync(System.TimeSpan.FromMilliseconds(300)), "the device got its ack twice");
    }
}
