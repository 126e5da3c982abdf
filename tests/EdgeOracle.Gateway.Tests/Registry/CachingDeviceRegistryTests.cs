using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Registry;

public class CachingDeviceRegistryTests
{
    private readonly FakeDeviceRegistry _inner = new();
    private readonly FakeTimeProvider _time = new();
    private readonly TestDevice _device = new();

    [Fact]
    public async Task GetAsync_AsksTheChainOncePerTtl()
    {
        _inner.Register(_device, DeviceRole.Sensor);
        var cache = new CachingDeviceRegistry(_inner, TimeSpan.FromSeconds(5), _time);

        var first = await cache.GetAsync(_device.GatewayAddress, CancellationToken.None);
        await cache.GetAsync(_device.GatewayAddress, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(4));
        await cache.GetAsync(_device.GatewayAddress, CancellationToken.None);

        Assert.Equal(DeviceRole.Sensor, first.Role);
        Assert.Equal(1, _inner.Lookups);
    }

    [Fact]
    public async Task GetAsync_SeesARevocation_AfterTheTtl()
    {
        _inner.Register(_device, DeviceRole.Sensor);
        var cache = new CachingDeviceRegistry(_inner, TimeSpan.FromSeconds(5), _time);
        await cache.GetAsync(_device.GatewayAddress, CancellationToken.None);

        _inner.Register(_device, DeviceRole.Sensor, active: false);
        _time.Advance(TimeSpan.FromSeconds(5));
        var after = await cache.GetAsync(_device.GatewayAddress, CancellationToken.None);

        Assert.False(after.IsRegistered);
        Assert.Equal(2, _inner.Lookups);
    }

    [Fact]
    public async Task GetAsync_DoesNotCacheAFailure()
    {
        var cache = new CachingDeviceRegistry(_inner, TimeSpan.FromSeconds(5), _time);
        _inner.Failure = new RegistryUnavailableException("down");
        await Assert.ThrowsAsync<RegistryUnavailableException>(() => cache.GetAsync(_device.GatewayAddress, CancellationToken.None).AsTask());

        _inner.Failure = null;
        _inner.Register(_device, DeviceRole.Terminal);

        Assert.Equal(DeviceRole.Terminal, (await cache.GetAsync(_device.GatewayAddress, CancellationToken.None)).Role);
    }
}
