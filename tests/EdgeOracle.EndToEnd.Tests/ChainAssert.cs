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
    /// it reverts with the custom error <paramref name="errorSignature"/>, e.g. <c>"PaymentHubBadSignature(address)"</c>.
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
        var addresses = Addresses(system);
        var rows = Rows(kind, payloads);
        return RelayCall.For(RelayRoute.Of(rows[0], addresses), rows, addresses);
    }

    /// <summary>
    /// The relayer's <c>submitRound</c> for one stored observation of a sensor in a QuorumInsurance region (its membership
    /// read from the contract, as the relayer reads it).
    /// </summary>
    public static async Task<RelayCall> RoundForAsync(LocalEdgeSystem system, byte[] payload)
    {
        var addresses = Addresses(system);
        var rows = Rows(EdgeOracle.Protocol.MessageKind.Observation, [payload]);
        Assert.Equal(EdgeOracle.Protocol.ReasonCode.Accepted, EdgeOracle.Protocol.Wire.EnvelopeDecoder.ReadObservation(payload, out var envelope));
        await addresses.Regions.ResolveAsync([envelope!.Body.Device], Client(system), addresses.QuorumInsurance, DateTimeOffset.UtcNow, default);
        return RelayCall.For(RelayTarget.Quorum, rows, addresses);
    }

    /// <summary>
    /// Sends <paramref name="call"/> from the farmer's account (not the gateway's relayer, so their nonces do not
    /// interfere) and returns its receipt as the relayer reads it.
    /// </summary>
    public static async Task<ChainReceipt> SendAsFarmerAsync(LocalEdgeSystem system, RelayCall call)
    {
        var sent = await system.Farmer.Web3.Eth.TransactionManager.SendTransactionAndWaitForReceiptAsync(
            new TransactionInput { Data = call.Data, To = call.Contract, From = system.Farmer.From, Gas = new Nethereum.Hex.HexTypes.HexBigInteger(500_000) });
        var receipt = await Client(system).GetReceiptAsync(sent.TransactionHash, default);
        Assert.NotNull(receipt);
        return receipt;
    }

    /// <summary>A chain client on the system's node with the farmer's key, for the relayer's reads.</summary>
    public static NethereumChainClient Client(LocalEdgeSystem system) =>
        new(new ChainConnection(Microsoft.Extensions.Options.Options.Create(new Gateway.Options.ChainOptions
        {
            RpcUrl = system.Deployment.RpcUrl,
            ChainId = (long)system.Deployment.ChainId,
            RelayerPrivateKey = DevAccounts.Farmer,
        })));

    private static RelayAddresses Addresses(LocalEdgeSystem system) => new(
        system.Deployment.PaymentHub,
        system.Deployment.RevenueDistributor,
        Eip712Domain.ForDevices(system.Deployment.ChainId, EdgeOracle.Protocol.Address.Parse(system.Deployment.DeviceRegistry)),
        system.Deployment.QuorumInsurance);

    private static OutboxItem[] Rows(EdgeOracle.Protocol.MessageKind kind, byte[][] payloads)
    {
        var rows = new OutboxItem[payloads.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new OutboxItem(i + 1, default, 0, kind, OutboxStatus.Pending, 0, default, null, payloads[i]);
        }

        return rows;
    }
}
