using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;

namespace EdgeOracle.Gateway.Registry;

/// <summary>
/// Keeps registry answers for a short time so that a busy device costs one RPC call per TTL, not one per message.
/// Unknown devices are cached too (a flood from an unregistered key must not turn into an RPC flood); a device
/// registered or revoked on chain is therefore seen at most one TTL late.
/// </summary>
public sealed class CachingDeviceRegistry(IDeviceRegistry inner, TimeSpan timeToLive, TimeProvider timeProvider) : IDeviceRegistry
{
    // A bound on memory: a flood of freshly generated keys must not grow the cache without limit.
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<Address, Entry> _entries = new();

    /// <inheritdoc />
    public async ValueTask<DeviceInfo> GetAsync(Address device, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_entries.TryGetValue(device, out var entry) && entry.ExpiresAt > now)
        {
            return entry.Info;
        }

        var info = await inner.GetAsync(device, cancellationToken).ConfigureAwait(false);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[device] = new Entry(info, now + timeToLive);
        return info;
    }

    /// <summary>Forgets everything, e.g. after a registry event was seen.</summary>
    public void Clear() => _entries.Clear();

    private readonly record struct Entry(DeviceInfo Info, DateTimeOffset ExpiresAt);
}
