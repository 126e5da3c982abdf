using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using GatewayAddress = EdgeOracle.Protocol.Address;

namespace EdgeOracle.Gateway.Tests.Registry;

/// <summary>Two gateways' registry followers on one PostgreSQL store and a real DeviceRegistry: one cursor, one view.</summary>
public sealed class RegistryFollowerSharedStoreTests
{
    [PostgresFact]
    public async Task AGatewayThatAppliedNothing_SeesTheRegistrationsAndRevocationsTheOtherApplied()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var anvil = await AnvilNode.StartAsync();
        var deployment = await EdgeContracts.DeployAsync(anvil.RpcUrl, anvil.ChainId, DevAccounts.Deployer);
        var insurer = new EdgeContracts(deployment, DevAccounts.Insurer);
        await using var firstStore = new PostgresRegistryStore(postgres.ConnectionString);
        await using var secondStore = new PostgresRegistryStore(postgres.ConnectionString);
        using var first = Follower(firstStore, deployment);
        using var second = Follower(secondStore, deployment);
        var sensor = DeviceKey.Create();
        var device = GatewayAddress.Parse(sensor.Address);

        await insurer.RegisterDeviceAsync(sensor.PrivateKey, 1);
        Assert.Equal(1, await first.PollAsync(CancellationToken.None));
        Assert.Equal(0, await second.PollAsync(CancellationToken.None));
        Assert.True(second.TryGet(device, out var registered) && registered is { Active: true, Role: DeviceRole.Sensor }, "registration taken from the store");

        await insurer.RevokeDeviceAsync(sensor.Address);
        Assert.Equal(1, await first.PollAsync(CancellationToken.None));
        Assert.Equal(0, await second.PollAsync(CancellationToken.None));
        Assert.True(second.TryGet(device, out var revoked) && revoked is { Active: false, Role: DeviceRole.Sensor }, "revocation taken from the store");
        Assert.Equal(first.NextBlock, second.NextBlock);
        Assert.Equal(first.NextBlock, await firstStore.GetCursorAsync(CancellationToken.None));
    }

    private static RegistryFollower Follower(RegistryStore store, Deployment deployment)
    {
        var chain = Microsoft.Extensions.Options.Options.Create(new ChainOptions
        {
            RpcUrl = deployment.RpcUrl,
            ChainId = (long)deployment.ChainId,
            RelayerPrivateKey = DevAccounts.Farmer,
            DeviceRegistryAddress = deployment.DeviceRegistry,
        });
        var options = Microsoft.Extensions.Options.Options.Create(new RegistryFollowerOptions { Enabled = true, StartBlock = (long)deployment.DeployBlock });
        return new RegistryFollower(store, new ChainConnection(chain), options, chain, NullLogger<RegistryFollower>.Instance);
    }
}
