using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Storage;

public sealed class PostgresSubmitterLeaseTests
{
    [PostgresFact]
    public async Task ExactlyOneGatewayHoldsTheLease_AndAnotherTakesItOver_WhenTheHoldersSessionDies()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var first = Lease(server);
        await using var second = Lease(server);

        Assert.True(await first.HoldsAsync(CancellationToken.None), "the first to ask is elected");
        Assert.False(await second.HoldsAsync(CancellationToken.None), "a second submitter is refused");
        Assert.True(await first.HoldsAsync(CancellationToken.None), "the holder keeps it");

        // The holder's process dies: its session is ended by the server, not by the holder.
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = admin.CreateCommand();
            kill.CommandText = "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
            await kill.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        while (!await second.HoldsAsync(CancellationToken.None))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the lease was not taken over");
            await Task.Delay(50);
        }

        Assert.False(await first.HoldsAsync(CancellationToken.None), "the old holder learns it lost the lease");
    }

    [PostgresFact]
    public async Task DisposingTheHolder_FreesTheLease()
    {
        await using var server = await PostgresServer.StartAsync();
        var first = Lease(server);
        await using var second = Lease(server);
        Assert.True(await first.HoldsAsync(CancellationToken.None));
        Assert.False(await second.HoldsAsync(CancellationToken.None));

        await first.DisposeAsync();

        // The server ends the closed session (and frees its locks) a moment after the client hangs up.
        var clock = Stopwatch.StartNew();
        while (!await second.HoldsAsync(CancellationToken.None))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the lease was not freed");
            await Task.Delay(20);
        }
    }

    private static PostgresSubmitterLease Lease(PostgresServer server) =>
        new(server.ConnectionString, 0x45444745, NullLogger<PostgresSubmitterLease>.Instance);
}
