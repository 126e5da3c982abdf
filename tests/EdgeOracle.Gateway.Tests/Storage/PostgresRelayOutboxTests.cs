using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Protocol.Wire;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Storage;

public sealed class PostgresRelayOutboxTests
{
    private static readonly Address Sensor = Address.Parse("0x1111111111111111111111111111111111111111");
    private static readonly Address Terminal = Address.Parse("0x2222222222222222222222222222222222222222");

    [PostgresFact]
    public async Task OffersPaymentsBeforeOlderObservations_EachDeviceStillInOrder()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var messages = await PostgresMessageStore.OpenAsync(postgres.ConnectionString, TimeProvider.System);
        await using var outbox = await PostgresRelayOutbox.OpenAsync(postgres.ConnectionString, TimeProvider.System);
        await AppendChainAsync(messages, Sensor, MessageKind.Observation, 3);
        await AppendChainAsync(messages, Terminal, MessageKind.PaymentIntent, 2);

        var next = await outbox.GetNextPerDeviceAsync(10, 3, CancellationToken.None);
        var limited = await outbox.GetNextPerDeviceAsync(2, 3, CancellationToken.None);

        Assert.Equal([(Terminal, 1UL), (Terminal, 2UL), (Sensor, 1UL), (Sensor, 2UL), (Sensor, 3UL)], [.. next.Select(i => (i.Device, i.Sequence))]);
        Assert.Equal([(Terminal, 1UL), (Terminal, 2UL)], [.. limited.Select(i => (i.Device, i.Sequence))]);
    }

    private static async Task AppendChainAsync(PostgresMessageStore store, Address device, MessageKind kind, int count)
    {
        DeviceHead? head = null;
        for (ulong sequence = 1; sequence <= (ulong)count; sequence++)
        {
            var payload = new byte[WireFormat.ObservationSize];
            payload[0] = (byte)sequence;
            var digest = Keccak256.Hash([.. payload, .. device.ToArray()]);
            var message = new NewMessage(device, sequence, kind, digest, head?.Digest ?? Bytes32.Zero, payload, DateTimeOffset.UtcNow);
            Assert.Equal(AppendResult.Appended, await store.AppendAsync(message, head, CancellationToken.None));
            head = new DeviceHead(sequence, digest);
        }
    }
}
