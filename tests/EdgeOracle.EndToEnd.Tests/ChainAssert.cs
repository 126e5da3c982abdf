using System;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Protocol.Eip712;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;
using Nethereum.Web3;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>Assertions on what the chain itself says.</summary>
internal static class ChainAssert
{
    /// <summary>
    /// Calls <paramref name="callData"/> on <paramref name="contract"/> (eth_call from <paramref name="from"/>) and asserts that
    /// it reverts with the custom error <paramref name="errorSignature"/>, e.g. <c>"ParametricInsuranceBadSignature(address)"</c>.
    /// </summary>
    public static async Task RevertsWithAsync(Web3 web3, string contract, byte[] callData, string from, string errorSignature)
    {
        var call = new CallInput(callData.ToHex(true), contract) { From = from };
        var expected = Sha3Keccack.Current.CalculateHash(errorSignature)[..8];
        try
        {
            var result = await web3.Eth.Transactions.Call.SendRequestAsync(call).ConfigureAwait(false);
            Assert.Fail("Expected " + errorSignature + " but the call succeeded and returned " + result);
        }
        catch (RpcResponseException ex)
        {
            var data = ex.RpcError?.Data?.ToString() ?? string.Empty;
            Assert.True(
                data.StartsWith("0x" + expected, StringComparison.OrdinalIgnoreCase),
                "Expected revert " + errorSignature + " (0x" + expected + ") but got: " + ex.Message + " data " + data);
        }
    }

    /// <summary>The relayer's call for one stored message of <paramref name="kind"/>, routed as the gateway routes it.</summary>
    public static RelayCall CallFor(LocalEdgeSystem system, EdgeOracle.Protocol.MessageKind kind, byte[] payload) => BatchFor(system, kind, [payload]);

    /// <summary>The relayer's one call for stored messages of <paramref name="kind"/> that share a target, in row order.</summary>
    public static RelayCall BatchFor(LocalEdgeSystem system, EdgeOracle.Protocol.MessageKind kind, byte[][] payloads)
    {
        var addresses = new RelayAddresses(
            system.Deployment.ParametricInsurance,
            system.Deployment.PaymentHub,
            system.Deployment.RevenueDistributor,
            Eip712Domain.ForDevices(system.Deployment.ChainId, EdgeOracle.Protocol.Address.Parse(system.Deployment.DeviceRegistry)));
        var rows = new OutboxItem[payloads.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new OutboxItem(i + 1, default, 0, kind, OutboxStatus.Pending, 0, default, null, payloads[i]);
        }

        return RelayCall.For(RelayRoute.Of(rows[0], addresses), rows, addresses);
    }
}
