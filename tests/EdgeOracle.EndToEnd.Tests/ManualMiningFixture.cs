using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Gateway.Anchoring;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;
using GatewayAddress = EdgeOracle.Protocol.Address;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>
/// The tests of a <see cref="ManualMiningFixture"/>: run on their own, after the parallel collections, so that neither
/// their block timing nor the timing-sensitive tests elsewhere share the two cores with a third chain and gateway.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ManualMiningCollection : ICollectionFixture<ManualMiningFixture>
{
    public const string Name = "manual mining";
}

/// <summary>
/// A local system of its own whose tests mine blocks themselves (automine off while they run), reorganise them and
/// raise the base fee. The gateway relays at <see cref="Confirmations"/> blocks and bumps a transaction not mined within
/// a second. Anchoring is off: only the relayer sends from the relayer account, so every pooled transaction is its.
/// </summary>
public sealed class ManualMiningFixture : IAsyncLifetime
{
    /// <summary>The confirmation depth the gateway waits for.</summary>
    public const int Confirmations = 3;

    private LocalEdgeSystem? _system;

    /// <summary>The running system.</summary>
    public LocalEdgeSystem System => _system ?? throw new InvalidOperationException("System not started.");

    /// <summary>Errors the gateway logged.</summary>
    public ConcurrentQueue<string> GatewayErrors { get; } = new();

    /// <summary>Warnings and errors the gateway logged (what the relayer did about reorgs, drops, bumps), oldest first.</summary>
    public ConcurrentQueue<string> GatewayWarnings { get; } = new();

    /// <summary>The relayer's transaction counters.</summary>
    public RelayerStats Relayer => System.Gateway.Services.GetRequiredService<RelayerMetrics>().Snapshot();

    public async Task InitializeAsync()
    {
        _system = await LocalEdgeSystem.StartAsync(configureGateway: services =>
        {
            services.AddLogging(b => b.AddProvider(new ErrorCollector(GatewayErrors)).AddProvider(new ErrorCollector(GatewayWarnings, LogLevel.Warning)));
            services.Configure<ChainOptions>(o => (o.Confirmations, o.BumpAfter) = (Confirmations, TimeSpan.FromSeconds(1)));
            services.Configure<AnchoringOptions>(o => o.ContractAddress = string.Empty);
        }).ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_system != null)
        {
            await _system.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Whether the outbox row of (<paramref name="device"/>, <paramref name="sequence"/>) still waits (Submitted: sent, not yet confirmed).</summary>
    public async Task<bool> IsSubmittedAsync(string device, ulong sequence)
    {
        var rows = await System.Gateway.Services.GetRequiredService<IRelayOutbox>().GetSubmittedAsync(default).ConfigureAwait(false);
        return rows.Any(r => r.Device == GatewayAddress.Parse(device) && r.Sequence == sequence);
    }

    /// <summary>Fails with the gateway's logged errors, if there are any.</summary>
    public void AssertGatewayLoggedNoErrors() =>
        Assert.True(GatewayErrors.IsEmpty, "The gateway logged errors:\n" + string.Join("\n", GatewayErrors.Take(10)));
}
