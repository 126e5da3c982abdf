using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// <see cref="IChainClient"/> over Nethereum. Nethereum estimates gas before sending, so a call that would revert is
/// refused there with its reason (a revert, permanent) without spending gas; a node that cannot be reached is transient.
/// </summary>
public sealed class NethereumChainClient(ChainConnection connection) : IChainClient
{
    /// <inheritdoc />
    public async Task<SendResult> SendAsync(RelayCall call, CancellationToken cancellationToken)
    {
        try
        {
            var hash = call.Function switch
            {
                SubmitObservationFunction observation => await Send(call.Contract, observation, cancellationToken).ConfigureAwait(false),
                SettleFunction settle => await Send(call.Contract, settle, cancellationToken).ConfigureAwait(false),
                _ => throw new NotSupportedException($"No relay for {call.Function.GetType().Name}."),
            };
            return SendResult.Sent(hash);
        }
        catch (SmartContractRevertException revert)
        {
            return SendResult.Reverted(revert.RevertMessage ?? revert.Message);
        }
        catch (SmartContractCustomErrorRevertException revert)
        {
            return SendResult.Reverted("custom error " + revert.ExceptionEncodedData);
        }
        catch (RpcResponseException response) when (IsRevert(response.RpcError?.Message))
        {
            return SendResult.Reverted(response.RpcError!.Message);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            return SendResult.Transient($"{exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <inheritdoc />
    public async Task<ChainReceipt?> GetReceiptAsync(string transactionHash, CancellationToken cancellationToken)
    {
        try
        {
            var receipt = await connection.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transactionHash).ConfigureAwait(false);
            if (receipt?.BlockNumber is null)
            {
                return null;
            }

            return new ChainReceipt(receipt.Status?.Value == 1, (long)receipt.BlockNumber.Value);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"Receipt of {transactionHash} could not be read: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public async Task<long> GetBlockNumberAsync(CancellationToken cancellationToken)
    {
        try
        {
            var number = await connection.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().ConfigureAwait(false);
            return (long)number.Value;
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"Block number could not be read: {exception.Message}", exception);
        }
    }

    private Task<string> Send<TFunction>(string contract, TFunction function, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new() =>
        connection.Web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAsync(contract, function)
            .WaitAsync(cancellationToken);

    private static bool IsRevert(string? message) =>
        message is not null && message.Contains("revert", StringComparison.OrdinalIgnoreCase);

    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && exception is RpcResponseException or RpcClientUnknownException or RpcClientTimeoutException
            or HttpRequestException or TimeoutException or TaskCanceledException or System.IO.IOException;
}
