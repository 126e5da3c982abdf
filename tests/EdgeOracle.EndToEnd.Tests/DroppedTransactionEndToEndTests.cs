using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Firmware.Core.Protocol;
using Nethereum.Signer;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class DroppedTransactionEndToEndTests(SystemFixture fixture)
{
    [Fact]
    public async Task ObservationWhoseTransactionWasDropped_IsSentAgain_AndRecordedExactlyOnce()
    {
        var system = fixture.System;
        var relayer = new EthECKey(DevAccounts.Relayer).GetPublicAddress().ToLowerInvariant();
        var insurance = system.Deployment.ParametricInsurance.ToLowerInvariant();
        var sensor = await system.ProvisionSensorAsync();
        await using var station = await Scenario.StartStationAsync(system, sensor, Scenario.DaysAgo(3));
        using var rpc = new HttpClient { BaseAddress = new Uri(system.Deployment.RpcUrl) };

        await RpcAsync(rpc, "evm_setAutomine", false);
        string first;
        ulong sequence;
        try
        {
            var day = await station.RunDayAsync(1.0);
            Assert.Equal(ReasonCodes.Accepted, day.Reason);
            sequence = day.Sequence;
            first = await WaitForPooledAsync(rpc, relayer, insurance);
            await RpcAsync(rpc, "anvil_dropTransaction", first);
            Assert.Equal(JsonValueKind.Null, (await RpcAsync(rpc, "eth_getTransactionByHash", first)).ValueKind);

            // The relayer notices and sends the call again (same nonce and fees: possibly the very same hash).
            await WaitForPooledAsync(rpc, relayer, insurance);
        }
        finally
        {
            await RpcAsync(rpc, "evm_setAutomine", true);
            await RpcAsync(rpc, "evm_mine");
        }

        await Scenario.WaitForAsync(
            async () => new BigInteger(await LastSequenceAsync(system, sensor.Address)), new BigInteger(sequence), TimeSpan.FromSeconds(60));
        var logs = await RpcAsync(rpc, "eth_getLogs", new
        {
            address = insurance,
            fromBlock = "0x0",
            toBlock = "latest",
            topics = new object?[]
            {
                null,
                "0x" + sensor.Address[2..].PadLeft(64, '0'),
                "0x" + sequence.ToString("x", System.Globalization.CultureInfo.InvariantCulture).PadLeft(64, '0'),
            },
        });
        Assert.Equal(1, logs.GetArrayLength());
        fixture.AssertGatewayLoggedNoErrors();
    }

    private static async Task<string> WaitForPooledAsync(HttpClient rpc, string from, string to)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var pool = await RpcAsync(rpc, "txpool_content");
            foreach (var section in new[] { "pending", "queued" })
            {
                if (!pool.TryGetProperty(section, out var bySender))
                {
                    continue;
                }

                foreach (var sender in bySender.EnumerateObject().Where(s => string.Equals(s.Name, from, StringComparison.OrdinalIgnoreCase)))
                {
                    foreach (var tx in sender.Value.EnumerateObject().Select(n => n.Value))
                    {
                        var hash = tx.GetProperty("hash").GetString()!;
                        if (string.Equals(tx.GetProperty("to").GetString(), to, StringComparison.OrdinalIgnoreCase))
                        {
                            return hash;
                        }
                    }
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no transaction from {from} to {to} in the pool");
    }

    private static async Task<JsonElement> RpcAsync(HttpClient rpc, string method, params object[] parameters)
    {
        var response = await rpc.PostAsJsonAsync(string.Empty, new { jsonrpc = "2.0", id = 1, method, @params = parameters });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException(method + ": " + error);
        }

        return body.GetProperty("result");
    }

    private static async Task<ulong> LastSequenceAsync(LocalEdgeSystem system, string sensor)
    {
        var insurance = system.Insurer.Contract("ParametricInsurance", system.Deployment.ParametricInsurance);
        var series = await insurance.GetFunction("series").CallDecodingToDefaultAsync(sensor);
        var fields = (System.Collections.Generic.List<Nethereum.ABI.FunctionEncoding.ParameterOutput>)series[0].Result;
        return (ulong)(BigInteger)fields[0].Result;
    }
}
