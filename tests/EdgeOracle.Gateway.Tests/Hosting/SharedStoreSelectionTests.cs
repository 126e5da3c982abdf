using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Anchoring;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Hosting;

/// <summary><c>Storage:PostgresConnectionString</c> puts the whole store (messages, outbox, anchoring, registry follower) in the shared database and elects the submitter there.</summary>
public sealed class SharedStoreSelectionTests
{
    [PostgresFact]
    public async Task PostgresConnectionString_StoresInTheSharedDatabase_NotInALocalFile_AndElectsTheSubmitterThere()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var gateway = await RunningGateway.StartAsync(services =>
            services.Configure<StorageOptions>(o => o.PostgresConnectionString = postgres.ConnectionString));
        var sensor = new TestDevice();
        gateway.Registry.Register(sensor, DeviceRole.Sensor);
        await using var device = await gateway.ConnectAsync(sensor.Address);

        var (_, _, ack) = await device.SendAsync(sensor.Observation());

        Assert.Equal(ReasonCode.Accepted, ack.Reason);
        Assert.IsType<PostgresMessageStore>(gateway.App.Services.GetRequiredService<IMessageStore>());
        Assert.IsType<PostgresRelayOutbox>(gateway.App.Services.GetRequiredService<IRelayOutbox>());
        Assert.IsType<PostgresAnchorStore>(gateway.App.Services.GetRequiredService<AnchorStore>());
        Assert.IsType<PostgresRegistryStore>(gateway.App.Services.GetRequiredService<RegistryStore>());
        Assert.Equal(1L, await postgres.ScalarAsync<long>("SELECT count(*) FROM messages"));
        Assert.Equal(1L, await postgres.ScalarAsync<long>("SELECT count(*) FROM outbox"));
        var lease = gateway.App.Services.GetRequiredService<ISubmitterLease>();
        Assert.IsType<PostgresSubmitterLease>(lease);
        Assert.True(await lease.HoldsAsync(CancellationToken.None), "a lone gateway is elected");
        Assert.Equal(1L, await postgres.ScalarAsync<long>("SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND l.granted AND l.objid = x'45444745'::int AND d.datname = current_database()"));
        Assert.False(File.Exists(gateway.Temp.File("gateway.db")), "nothing is kept in the local SQLite file");
        gateway.Logs.AssertNoErrors();
    }
}
