using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;

namespace EdgeOracle.Gateway.Registry;

/// <summary>Looks devices up in the on-chain registry (or a stand-in in tests).</summary>
public interface IDeviceRegistry
{
    /// <summary>
    /// The registry's record of <paramref name="device"/>; <see cref="DeviceInfo.Unregistered"/> when unknown.
    /// Throws <see cref="RegistryUnavailableException"/> when the registry cannot be read.
    /// </summary>
    ValueTask<DeviceInfo> GetAsync(Address device, CancellationToken cancellationToken);
}
