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
/// <see cref="IChainClient"/> over Nethereum. A call is estimated first, so one that would revert is refused there with
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
                SettleBatchFunction batch => await EstimateAsync(call.Contract, batch, cancellationToken).ConfigureAwait(false),
                SubmitProductionFunction production => await EstimateAsync(call.Contract, production, cancellationToken).ConfigureAwait(false),
                SubmitRoundFunction round => await EstimateAsync(call.Contract, round, cancellationToken).ConfigureAwait(false),
                SettleCrossBorderFunction crossBorder => await EstimateAsync(call.Contract, crossBorder, cancellationToken).ConfigureAwait(false),
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

    private async Task<long> EstimateAsync<TFunction>(string contract, TFunction function, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        function.FromAddress = Account;
        var gas = await connection.Web3.Eth.GetContractTransactionHandler<TFunction>().EstimateGasAsync(contract, function)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)gas.Value;
    }

    private static bool IsRevert(string? message) =>
        message is not null && message.Contains("revert", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="exception"/> is a failure to reach the node or an answer that may change.</summary>
    internal static bool IsTransient(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && exception is RpcResponseException or RpcClientUnknownException or RpcClientTimeoutException
            or HttpRequestException or TimeoutException or TaskCanceledException or System.IO.IOException;
}
