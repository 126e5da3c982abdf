using System;
using System.Text;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// <see cref="IChainClient"/> over Nethereum. A call is estimated first (one execution), so one that would revert is refused there with
/// its reason (a revert, permanent) without spending gas; transactions are type 2 (EIP-1559), signed locally with the
/// nonce and fees the relayer chose; a node that cannot be reached is transient.
/// </summary>
public sealed partial class NethereumChainClient(ChainConnection connection) : IChainClient
{
    /// <inheritdoc />
    public string Account => connection.Account.Address;

    /// <inheritdoc />
    public NonceManager Nonces => connection.Nonces;

    /// <inheritdoc />
    public async Task<Estimate> EstimateAsync(RelayCall call, CancellationToken cancellationToken)
    {
        try
        {
            var gas = call.Function switch
            {
                SettleBatchFunction batch => await EstimateAsync(call, batch, cancellationToken).ConfigureAwait(false),
                SubmitProductionFunction production => await EstimateAsync(call, production, cancellationToken).ConfigureAwait(false),
                SubmitRoundFunction round => await EstimateAsync(call, round, cancellationToken).ConfigureAwait(false),
                SettleCrossBorderFunction crossBorder => await EstimateAsync(call, crossBorder, cancellationToken).ConfigureAwait(false),
                _ => throw new NotSupportedException($"No relay for {call.Function.GetType().Name}."),
            };
            return Estimate.Ready(gas);
        }
        catch (SmartContractRevertException revert)
        {
            return Estimate.Reverted(revert.RevertMessage ?? revert.Message);
        }
        catch (SmartContractCustomErrorRevertException revert)
        {
            var data = revert.ExceptionEncodedData ?? string.Empty;
            if (RoundRevert(call, data) is { } round)
            {
                return round;
            }

            if (CrossBorderRevert(call, data) is { } crossBorder)
            {
                return crossBorder;
            }

            return Estimate.Reverted("custom error " + data);
        }
        catch (RpcResponseException response) when (IsRevert(response.RpcError?.Message))
        {
            return Estimate.Reverted(response.RpcError!.Message);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            return Estimate.Transient($"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private static string Selector(string signature) =>
        Convert.ToHexStringLower(Protocol.Crypto.Keccak256.Hash(Encoding.ASCII.GetBytes(signature)).ToArray())[..8];

    /// <summary>
    /// The gas the call uses, from one execution: <c>eth_createAccessList</c> runs the call once and reports its
    /// <c>gasUsed</c>, where <c>eth_estimateGas</c> searches for the lowest limit that succeeds by running it a dozen
    /// times or more (on anvil a 32-reading round took about 80 ms that way, most of the relayer's time per
    /// transaction). The used gas is after refunds and below what the call needs when it forwards gas to others, so
    /// the limit adds <see cref="UsedGasMarginPercent"/> (the relayer adds its own margin on top). A revert comes back
    /// as the node's error with its data (anvil), or in the answer's <c>error</c> field without data (geth): then
    /// <c>eth_estimateGas</c> is asked for the revert's reason.
    /// </summary>
    private async Task<long> EstimateAsync<TFunction>(RelayCall call, TFunction function, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        var contract = call.Contract;
        function.FromAddress = Account;
        var input = new Nethereum.RPC.Eth.DTOs.TransactionInput(call.Data, contract, Account, null, null, null);
        Nethereum.RPC.Eth.DTOs.AccessListGasUsed used;
        try
        {
            used = await connection.Web3.Eth.CreateAccessList.SendRequestAsync(input, Nethereum.RPC.Eth.DTOs.BlockParameter.CreatePending())
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcResponseException response) when (response.RpcError?.Code == 3 || IsRevert(response.RpcError?.Message))
        {
            // Thrown as the contract handler throws it for eth_estimateGas: Error(string) or the custom error's data.
            ContractRevertExceptionHandler.HandleContractRevertException(response);
            throw;
        }

        if (!string.IsNullOrEmpty(used.Error) || used.GasUsed is null)
        {
            var gas = await connection.Web3.Eth.GetContractTransactionHandler<TFunction>().EstimateGasAsync(contract, function)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            return (long)gas.Value;
        }

        return (long)used.GasUsed.Value * (100 + UsedGasMarginPercent) / 100;
    }

    /// <summary>Added to a call's used gas for its limit: refunds (at most a fifth of the used gas) and the 63/64 rule of calls.</summary>
    private const int UsedGasMarginPercent = 30;

    private static bool IsRevert(string? message) =>
        message is not null && message.Contains("revert", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="exception"/> is a failure to reach the node or an answer that may change.</summary>
    internal static bool IsTransient(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && exception is RpcResponseException or RpcClientUnknownException or RpcClientTimeoutException
            or HttpRequestException or TimeoutException or TaskCanceledException or System.IO.IOException;
}
