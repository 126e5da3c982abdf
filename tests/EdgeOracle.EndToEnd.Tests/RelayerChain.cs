using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using Nethereum.Signer;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>What the chain itself shows of the gateway's relaying: its pooled transactions and the recorded observations.</summary>
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

    /// <summary>The <c>ObservationRecorded</c> events of (<paramref name="sensor"/>, <paramref name="sequence"/>) on the canonical chain.</summary>
    public static async Task<JsonElement[]> RecordedAsync(AnvilNode anvil, string insurance, string sensor, ulong sequence)
    {
        var logs = await anvil.RpcAsync("eth_getLogs", new
        {
            address = insurance,
            fromBlock = "0x0",
            toBlock = "latest",
            topics = new object?[] { null, "0x" + sensor[2..].PadLeft(64, '0'), "0x" + sequence.ToString("x", CultureInfo.InvariantCulture).PadLeft(64, '0') },
        });
        return logs.EnumerateArray().Select(l => l.Clone()).ToArray();
    }

    /// <summary>The last sequence <c>ParametricInsurance.series(sensor)</c> recorded.</summary>
    public static async Task<ulong> LastSequenceAsync(LocalEdgeSystem system, string sensor)
    {
        var insurance = system.Insurer.Contract("ParametricInsurance", system.Deployment.ParametricInsurance);
        var series = await insurance.GetFunction("series").CallDecodingToDefaultAsync(sensor);
        var fields = (System.Collections.Generic.List<Nethereum.ABI.FunctionEncoding.ParameterOutput>)series[0].Result;
        return (ulong)(System.Numerics.BigInteger)fields[0].Result;
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
