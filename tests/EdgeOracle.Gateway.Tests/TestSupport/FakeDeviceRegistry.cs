using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Protocol.Tests.TestSupport;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>An in-memory registry: what a test registers is what the gateway sees.</summary>
public sealed class FakeDeviceRegistry : IDeviceRegistry
{
    private readonly ConcurrentDictionary<Address, DeviceInfo> _devices = new();
    private int _lookups;

    /// <summary>A fixed merchant that owns every terminal registered without an explicit owner.</summary>
    public const string DefaultOwner = TestDomain.DefaultOwner;

    public int Lookups => Volatile.Read(ref _lookups);

    /// <summary>When set, every lookup throws it (registry down).</summary>
    public RegistryUnavailableException? Failure { get; set; }

    public FakeDeviceRegistry Register(TestDevice device, DeviceRole role, string owner = DefaultOwner, bool active = true) =>
        Register(device.GatewayAddress, role, owner, active);

    public FakeDeviceRegistry Register(Address device, DeviceRole role, string owner = DefaultOwner, bool active = true)
    {
        _devices[device] = new DeviceInfo(Address.Parse(owner), role, active);
        return this;
    }

    public ValueTask<DeviceInfo> GetAsync(Address device, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        if (Failure is { } failure)
        {
            throw failure;
        }

        return ValueTask.FromResult(_devices.TryGetValue(device, out var info) ? info : DeviceInfo.Unregistered);
    }
}
