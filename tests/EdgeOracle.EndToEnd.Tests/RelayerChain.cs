using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using Nethereum.Signer;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>What the chain itself shows of the gateway's relaying: its pooled transactions and the windows the lone stations' readings decided.</summary>
internal static class RelayerChain
{
    /// <summary>The gateway's relayer account, lower-case.</summary>
    public static string Relayer { get; } = new EthECKey(DevAccounts.Relayer).GetPublicAddress().ToLowerInvariant();

    /// <summary>Waits until the pool holds a relayer transaction to <paramref name="to"/> that <paramref name="where"/> accepts; returns it.</summary>
    public static async Task<JsonElement> WaitForPooledAsync(AnvilNode anvil, string to, Func<JsonElement, bool>? where = null, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)))
        {
            var match = (await anvil.PooledFromAsync(Relayer)).FirstOrDefault(tx =>
                string.Equals(tx.GetProperty("to").GetString(), to, StringComparison.OrdinalIgnoreCase) && (where is null || where(tx)));
            if (match.ValueKind == JsonValueKind.Object)
            {
                return match;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no transaction from {Relayer} to {to} in the pool");
    }

    /// <summary>
    /// The <c>WindowDecided</c> events of <paramref name="regionId"/>'s window starting at <paramref name="windowStart"/>
    /// on the canonical chain (a lone station's reading decides its window: one event is one reading taken).
    /// </summary>
    public static async Task<JsonElement[]> DecidedAsync(AnvilNode anvil, string quorum, uint regionId, ulong windowStart)
    {
        var start = windowStart.ToString("x64", CultureInfo.InvariantCulture);
        return (await DecidedAsync(anvil, quorum, regionId))
            .Where(l => l.GetProperty("data").GetString()!.AsSpan(2, 64).Equals(start, StringComparison.OrdinalIgnoreCase))
            .ToArray();
    }

    /// <summary>Every <c>WindowDecided</c> event of <paramref name="regionId"/> on the canonical chain, in chain order.</summary>
    public static async Task<JsonElement[]> DecidedAsync(AnvilNode anvil, string quorum, uint regionId)
    {
        var logs = await anvil.RpcAsync("eth_getLogs", new
        {
            address = quorum,
            fromBlock = "0x0",
            toBlock = "latest",
            topics = new object?[] { "0x" + Convert.ToHexStringLower(Gateway.Chain.BatchReceipt.WindowDecidedTopic.ToArray()), "0x" + regionId.ToString("x64", CultureInfo.InvariantCulture) },
        });
        return logs.EnumerateArray().Select(l => l.Clone()).ToArray();
    }

    /// <summary>Waits until <paramref name="regionId"/>'s window starting at <paramref name="windowStart"/> is decided; returns its events.</summary>
    public static async Task<JsonElement[]> WaitForDecidedAsync(AnvilNode anvil, string quorum, uint regionId, ulong windowStart, TimeSpan timeout)
    {
        JsonElement[] decided = [];
        await WaitUntilAsync(async () => (decided = await DecidedAsync(anvil, quorum, regionId, windowStart)).Length > 0, timeout, $"region {regionId}'s window {windowStart} decided");
        return decided;
    }

    /// <summary>A hex quantity of a JSON-RPC answer.</summary>
    public static System.Numerics.BigInteger Quantity(JsonElement value) =>
        System.Numerics.BigInteger.Parse("0" + value.GetString()![2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(what + ": not within " + timeout);
            }

            await Task.Delay(50);
        }
    }
}
