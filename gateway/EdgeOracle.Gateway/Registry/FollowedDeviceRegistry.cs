using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;

namespace EdgeOracle.Gateway.Registry;

/// <summary>
/// Answers from the <see cref="RegistryFollower"/> for every device it has seen an event of, and asks
/// <paramref name="inner"/> (the cached <c>deviceInfo</c> lookup) for the rest: devices registered before the follower's
/// start block, or in blocks it has not confirmed yet.
/// </summary>
public sealed class FollowedDeviceRegistry(RegistryFollower follower, IDeviceRegistry inner) : IDeviceRegistry
{
    /// <inheritdoc />
    public ValueTask<DeviceInfo> GetAsync(Address device, CancellationToken cancellationToken) =>
        follower.TryGet(device, out var info) ? ValueTask.FromResult(info) : inner.GetAsync(device, cancellationToken);
}
