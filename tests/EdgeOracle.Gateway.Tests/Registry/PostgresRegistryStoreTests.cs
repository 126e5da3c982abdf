using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Tests.TestSupport;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Registry;

public sealed class PostgresRegistryStoreTests
{
    [PostgresFact]
    public async Task Apply_MovesTheSharedCursorOnlyFromWhereTheCallerSawIt_AndWritesNothingOtherwise()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var first = new PostgresRegistryStore(postgres.ConnectionString);
        await using var second = new PostgresRegistryStore(postgres.ConnectionString);
        var owner = RandomAddress();
        var sensor = RandomAddress();
        var terminal = RandomAddress();

        Assert.True(await first.ApplyAsync([new RegistryEvent(sensor, owner, DeviceRole.Sensor, true, 5)], null, 10, CancellationToken.None));
        // The other gateway read the same blocks from the same (empty) cursor: too late, nothing written.
        Assert.False(await second.ApplyAsync([new RegistryEvent(terminal, owner, DeviceRole.Terminal, true, 6)], null, 10, CancellationToken.None));
        Assert.False(await second.ApplyAsync([new RegistryEvent(terminal, owner, DeviceRole.Terminal, true, 12)], 8, 13, CancellationToken.None));
        Assert.True(await second.ApplyAsync([new RegistryEvent(sensor, owner, DeviceRole.None, false, 11), new RegistryEvent(terminal, owner, DeviceRole.Terminal, true, 12)], 10, 13, CancellationToken.None));

        Assert.Equal(13, await first.GetCursorAsync(CancellationToken.None));
        var all = await first.LoadDevicesAsync(0, CancellationToken.None);
        Assert.Equal(2, all.Count);
        Assert.Equal(new DeviceInfo(owner, DeviceRole.Sensor, false), all[sensor]); // a revocation keeps the role
        Assert.Equal(new DeviceInfo(owner, DeviceRole.Terminal, true), all[terminal]);
        var since = await first.LoadDevicesAsync(12, CancellationToken.None);
        Assert.Equal([terminal], since.Keys);
    }

    private static Address RandomAddress() => new(RandomNumberGenerator.GetBytes(20));
}
