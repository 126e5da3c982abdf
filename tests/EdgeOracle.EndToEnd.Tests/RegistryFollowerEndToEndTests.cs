using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;
using GatewayAddress = EdgeOracle.Protocol.Address;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class RegistryFollowerEndToEndTests(SystemFixture fixture)
{
    [Fact]
    public async Task RevokedSensor_IsRefusedByTheGateway_WithinOnePollOfTheFollower()
    {
        var system = fixture.System;
        var sensor = await system.ProvisionSensorAsync();
        await using var station = await Scenario.StartStationAsync(system, sensor, Scenario.DaysAgo(3));
        Assert.Equal(ReasonCodes.Accepted, (await station.RunDayAsync(1.0)).Reason);
        var follower = system.Gateway.Services.GetRequiredService<RegistryFollower>();
        var device = GatewayAddress.Parse(sensor.Address);
        await WaitUntilAsync(() => follower.TryGet(device, out var info) && info.IsRegistered, TimeSpan.FromSeconds(10));

        await system.Insurer.RevokeDeviceAsync(sensor.Address);
        var clock = Stopwatch.StartNew();
        await WaitUntilAsync(() => follower.TryGet(device, out var info) && !info.Active, TimeSpan.FromSeconds(10));
        var seen = clock.Elapsed;

        // Poll interval 200 ms in LocalEdgeSystem. The bound is a correctness bound (the follower sees the revocation on
        // its own polls, not at the 10 s lookup expiry), not a speed goal: a clean CI run on the loaded 2-core machine
        // once took 3.8 s, so the margin is 5 s.
        Assert.True(seen < TimeSpan.FromSeconds(5), $"revocation seen after {seen.TotalMilliseconds:F0} ms");
        var refused = await station.RunDayAsync(0.5);
        Assert.False(ReasonCodes.IsSuccess(refused.Reason), "a revoked sensor's reading is refused, got " + refused.ReasonName);
        fixture.AssertGatewayLoggedNoErrors();
    }

    [Fact]
    public async Task Follower_AnswersFromEvents_OverAStaleLookup_AndResumesFromItsCursorAfterARestart()
    {
        var system = fixture.System;
        var directory = Path.Combine(Path.GetTempPath(), "eo-follower-" + Guid.NewGuid().ToString("N")[..8]);
        var storage = Options.Create(new StorageOptions { Path = Path.Combine(directory, "gateway.db") });
        var chain = Options.Create(new ChainOptions
        {
            RpcUrl = system.Deployment.RpcUrl,
            ChainId = (long)system.Deployment.ChainId,
            RelayerPrivateKey = Devnet.DevAccounts.Farmer,
            DeviceRegistryAddress = system.Deployment.DeviceRegistry,
        });
        var options = Options.Create(new RegistryFollowerOptions { Enabled = true, StartBlock = (long)system.Deployment.DeployBlock, MaxBlockRange = 7 });
        RegistryFollower Follower() => new(new SqliteRegistryStore(storage), new ChainConnection(chain), options, chain, NullLogger<RegistryFollower>.Instance);

        var sensor = await system.ProvisionSensorAsync();
        var device = GatewayAddress.Parse(sensor.Address);
        var first = Follower();
        Assert.True(await first.PollAsync(CancellationToken.None) > 0, "events since the deploy block");
        Assert.True(first.TryGet(device, out var registered) && registered is { Active: true, Role: DeviceRole.Sensor });

        await system.Insurer.RevokeDeviceAsync(sensor.Address);
        Assert.Equal(1, await first.PollAsync(CancellationToken.None));
        var followed = new FollowedDeviceRegistry(first, new AlwaysActive());
        var info = await followed.GetAsync(device, CancellationToken.None);
        Assert.Equal((false, DeviceRole.Sensor), (info.Active, info.Role));
        var unknown = GatewayAddress.Parse(Devnet.DeviceKey.Create().Address);
        Assert.True((await followed.GetAsync(unknown, CancellationToken.None)).Active, "devices it has not seen go to the lookup");

        // A restart: the state comes from the store and nothing before the cursor is read again.
        Assert.Equal(first.NextBlock, await new SqliteRegistryStore(storage).GetCursorAsync(CancellationToken.None));
        var second = Follower();
        Assert.Equal(0, await second.PollAsync(CancellationToken.None));
        Assert.True(second.NextBlock >= first.NextBlock, "the cursor only moves forward");
        Assert.True(second.TryGet(device, out var reloaded) && !reloaded.Active);
        Directory.Delete(directory, recursive: true);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException("condition not met within " + timeout);
            }

            await Task.Delay(20);
        }
    }

    private sealed class AlwaysActive : IDeviceRegistry
    {
        public ValueTask<DeviceInfo> GetAsync(GatewayAddress device, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new DeviceInfo(device, DeviceRole.Sensor, true));
    }
}
