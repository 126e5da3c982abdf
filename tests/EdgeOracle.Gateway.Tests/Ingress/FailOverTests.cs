using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Hosting;
using EdgeOracle.Gateway.Ingress;
using EdgeOracle.Gateway.Protocol;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Ingress;

/// <summary>
/// Two gateways share the device traffic through Mosquitto's shared subscription and one PostgreSQL store; the first
/// is the elected chain submitter. It is stopped mid-stream (its host shut down without waiting for the devices);
/// the devices resend what was not answered, the second gateway takes the traffic and the submitter lease.
/// </summary>
public sealed class FailOverTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Devices = 4;
    private const int MessagesPerDevice = 30;

    [PostgresMosquittoFact]
    public async Task OneOfTwoGatewaysStoppedMidStream_NothingLost_NothingStoredOrRelayedTwice()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var broker = await MosquittoBroker.StartAsync();
        var chain = new ContractLikeChain();
        var registry = new FakeDeviceRegistry();
        var devices = Enumerable.Range(0, Devices).Select(_ => new TestDevice()).ToList();
        devices.ForEach(d => registry.Register(d, DeviceRole.Sensor));
        using var temp = new TempDirectory();
        var logs = new CapturingLoggerProvider();

        var first = await StartGatewayAsync("a");
        var second = await StartGatewayAsync("b");
        await WaitUntilAsync(() => Subscribed(first) && Subscribed(second), "both gateways subscribed");

        var acked = devices.ToDictionary(d => d.Address, _ => new List<ulong>());
        var resends = 0;
        var stopAfter = new TaskCompletionSource();
        var load = devices.Select(device => Task.Run(async () =>
        {
            await using var client = await MqttDevice.ConnectAsync("127.0.0.1", broker.Port, device.Address, "eo/v1/" + device.Address + "/ack");
            for (var i = 0; i < MessagesPerDevice; i++)
            {
                var message = device.Observation();
                while (true)
                {
                    await client.PublishAsync(message.Topic, message.Payload);
                    if (await client.AckArrivesWithinAsync(TimeSpan.FromSeconds(2)))
                    {
                        var (_, ack) = await client.NextAckAsync();
                        Assert.True(ack.Reason is ReasonCode.Accepted or ReasonCode.Duplicate, "answer " + ack.Reason);
                        Assert.Equal(message.Sequence, ack.Sequence);
                        acked[device.Address].Add(ack.Sequence);
                        break;
                    }

                    Interlocked.Increment(ref resends); // as the firmware does: no answer, same message again
                }

                if (i == MessagesPerDevice / 3)
                {
                    stopAfter.TrySetResult();
                }
            }
        })).ToArray();

        await stopAfter.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var stoppedAt = acked.Values.Sum(v => v.Count);
        await first.DisposeAsync();
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(await second.Services.GetRequiredService<ISubmitterLease>().HoldsAsync(default), "the second gateway took the submitter lease");

        var store = second.Services.GetRequiredService<IMessageStore>();
        var outbox = second.Services.GetRequiredService<IRelayOutbox>();
        Assert.Equal(Devices * MessagesPerDevice, await store.CountMessagesAsync(default));
        foreach (var device in devices)
        {
            Assert.Equal(Enumerable.Range(1, MessagesPerDevice).Select(i => (ulong)i), acked[device.Address]);
        }

        await WaitUntilAsync(() => outbox.CountAsync(default).Result.Relayed == Devices * MessagesPerDevice, "everything relayed", TimeSpan.FromSeconds(60));
        // Every observation took effect exactly once; a send repeated by the new submitter (the old one was stopped
        // between sending and recording the hash) was answered "already on chain", as the contract answers it.
        Assert.Equal(Devices * MessagesPerDevice, chain.Effects.Count);
        Assert.All(chain.Effects.Values, count => Assert.Equal(1, count));
        output.WriteLine($"first gateway stopped after {stoppedAt} of {Devices * MessagesPerDevice} answers; devices resent {resends} unanswered messages; {chain.Repeats} relays repeated by the new submitter were answered already-on-chain");
        await second.DisposeAsync();
        logs.AssertNoErrors();

        async Task<GatewayApp> StartGatewayAsync(string name)
        {
            var pg = await PostgresGatewayStore.OpenAsync(postgres.ConnectionString, TimeProvider.System);
            var settings = TestChain.Settings(temp.File(name + ".db"), relayEnabled: true);
            settings.Chain.OutboxPollInterval = TimeSpan.FromMilliseconds(50);
            settings.Chain.ReceiptPollInterval = TimeSpan.FromMilliseconds(20);
            return await GatewayApp.StartAsync(settings, services =>
            {
                services.AddLogging(b => b.AddProvider(logs));
                services.AddSingleton<IDeviceRegistry>(registry);
                services.AddSingleton<IChainClient>(chain);
                services.AddSingleton<IMessageStore>(pg);
                services.AddSingleton<IRelayOutbox>(pg);
                services.AddSingleton<ISubmitterLease>(sp => new PostgresSubmitterLease(postgres.ConnectionString, 42, sp.GetRequiredService<ILogger<PostgresSubmitterLease>>()));
                services.Configure<ExternalBrokerOptions>(o => (o.Host, o.Port, o.ClientId) = ("127.0.0.1", broker.Port, "gateway-" + name));
            });
        }
    }

    private static bool Subscribed(GatewayApp gateway) => gateway.Services.GetRequiredService<ExternalBrokerIngress>().IsSubscribed;

    private static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(10)), what + ": not within the time");
            await Task.Delay(20);
        }
    }
}

/// <summary>Skipped, with the reason, unless both PostgreSQL and Mosquitto can run here.</summary>
public sealed class PostgresMosquittoFactAttribute : FactAttribute
{
    public PostgresMosquittoFactAttribute()
    {
        var reason = PostgresServer.Unavailable ?? MosquittoBroker.Unavailable;
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// A chain that behaves like the contracts towards repeats: the first mined relay of a (device, sequence) takes
/// effect, a later one is answered AlreadyOnChain (ParametricInsuranceSequenceReplayed with the same digest).
/// </summary>
internal sealed class ContractLikeChain : FakeChainClient
{
    public ContractLikeChain() => ContractLike = true;
}
