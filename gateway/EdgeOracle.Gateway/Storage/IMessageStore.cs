using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// The durable message log: per-device hash chains. A message is acknowledged only after
/// <see cref="AppendAsync"/> returned, so an implementation must have made it durable by then.
/// </summary>
public interface IMessageStore
{
    /// <summary>The device's last stored message, or null if none is stored.</summary>
    ValueTask<DeviceHead?> GetHeadAsync(Address device, CancellationToken cancellationToken);

    /// <summary>The digest of the stored message (device, sequence), or null.</summary>
    Task<Bytes32?> FindDigestAsync(Address device, ulong sequence, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the stored message (device, sequence) is a terminal's void (a bare payment intent). Stores that hold
    /// payments override this; the default suits stores that never see one.
    /// </summary>
    Task<bool> IsVoidAsync(Address device, ulong sequence, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>
    /// Atomically stores the message, moves the device's head to it and queues it in the outbox, provided the head
    /// is still <paramref name="expectedHead"/> (null: the device has no message yet). A compare-and-set, so that
    /// several writers (threads now, gateways sharing one database later) cannot fork a chain. A <see cref="ValueTask{T}"/>
    /// so that a store can answer from a pooled source (await it once).
    /// </summary>
    ValueTask<AppendResult> AppendAsync(NewMessage message, DeviceHead? expectedHead, CancellationToken cancellationToken);

    /// <summary>How many messages are stored.</summary>
    Task<long> CountMessagesAsync(CancellationToken cancellationToken);
}
