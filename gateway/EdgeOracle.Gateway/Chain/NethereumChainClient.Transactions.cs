using System;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;

namespace EdgeOracle.Gateway.Chain;

/// <summary>Fees, signing, broadcasting and the reads that follow a transaction to its confirmed block.</summary>
public sealed partial class NethereumChainClient
{
    /// <inheritdoc />
    public async Task<FeeSuggestion> GetFeesAsync(CancellationToken cancellationToken)
    {
        try
        {
            // One block of history: its baseFeePerGas array ends with the base fee of the block after the latest.
            var history = await connection.Web3.Eth.FeeHistory.SendRequestAsync(new HexBigInteger(1), BlockParameter.CreateLatest(), [50m])
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            var nextBaseFee = history.BaseFeePerGas is { Length: > 0 } baseFees ? baseFees[^1].Value : BigInteger.Zero;
            BigInteger tip;
            try
            {
                tip = (await new EthMaxPriorityFeePerGas(connection.Web3.Client).SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RpcResponseException)
            {
                // A node without eth_maxPriorityFeePerGas: the median tip of the last block.
                tip = history.Reward is { Length: > 0 } rewards && rewards[^1] is { Length: > 0 } last ? last[0].Value : BigInteger.Zero;
            }

            return new FeeSuggestion(nextBaseFee, tip);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"Fees could not be read: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public SignedTransaction Sign(TransactionDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var transaction = new Nethereum.Model.Transaction1559(
            connection.ChainId,
            draft.Nonce,
            draft.Fees.MaxPriorityFeePerGas,
            draft.Fees.MaxFeePerGas,
            draft.GasLimit,
            draft.To,
            BigInteger.Zero,
            draft.Data,
            []);
        // libsecp256k1 gives the recovery id with the signature; Nethereum's signer finds it by recovering the public
        // key up to four times in managed code, about 10 ms a transaction, which was the relayer's largest cost per
        // transaction. Both sign deterministically (RFC 6979, low s), so the bytes are the same.
        var (r, s, yParity) = RecoverableSigner.Sign(Protocol.Crypto.Keccak256.Hash(transaction.GetRLPEncodedRaw()), connection.Secret);
        transaction.SetSignature(new Nethereum.Model.Signature(r, s, yParity == 0 ? [] : [yParity]));
        var rawBytes = transaction.GetRLPEncoded();
        var hash = "0x" + Convert.ToHexStringLower(Protocol.Crypto.Keccak256.Hash(rawBytes).ToArray());
        return new SignedTransaction(hash, "0x" + Convert.ToHexStringLower(rawBytes), draft);
    }

    /// <inheritdoc />
    public async Task<BroadcastResult> BroadcastAsync(SignedTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        try
        {
            await connection.Web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(transaction.Raw).WaitAsync(cancellationToken).ConfigureAwait(false);
            return BroadcastResult.Accepted;
        }
        catch (RpcResponseException response)
        {
            return Classify(response.RpcError?.Message ?? response.Message);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            return new BroadcastResult(BroadcastStatus.Transient, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>
    /// Sorts a node's refusal of a raw transaction. The messages are geth's (<c>core/txpool/errors.go</c>), which
    /// anvil, reth and most L2 nodes repeat: already known/imported, nonce too low, replacement transaction underpriced,
    /// max fee per gas less than block base fee.
    /// </summary>
    internal static BroadcastResult Classify(string message)
    {
        if (message.Contains("already known", StringComparison.OrdinalIgnoreCase)
            || message.Contains("already imported", StringComparison.OrdinalIgnoreCase))
        {
            return BroadcastResult.Accepted;
        }

        if (message.Contains("nonce too low", StringComparison.OrdinalIgnoreCase))
        {
            return new BroadcastResult(BroadcastStatus.NonceTooLow, message);
        }

        if (message.Contains("replacement", StringComparison.OrdinalIgnoreCase) && message.Contains("underpriced", StringComparison.OrdinalIgnoreCase))
        {
            return new BroadcastResult(BroadcastStatus.Underpriced, message);
        }

        // "max fee per gas less than block base fee" (geth, anvil), "fee cap less than block base fee", "transaction underpriced".
        return message.Contains("base fee", StringComparison.OrdinalIgnoreCase) || message.Contains("underpriced", StringComparison.OrdinalIgnoreCase)
            ? new BroadcastResult(BroadcastStatus.FeeTooLow, message)
            : new BroadcastResult(BroadcastStatus.Transient, message);
    }

    /// <inheritdoc />
    public async Task<ChainReceipt?> GetReceiptAsync(string transactionHash, CancellationToken cancellationToken)
    {
        try
        {
            var receipt = await connection.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transactionHash)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            if (receipt?.BlockNumber is null)
            {
                return null;
            }

            var logged = receipt.Logs?.Any(l => string.Equals(l.Address, receipt.To, StringComparison.OrdinalIgnoreCase)) ?? false;
            var logs = receipt.Logs?.Select(l => new ChainLog(
                l.Address ?? string.Empty,
                (l.Topics ?? []).Select(t => Protocol.Bytes32.Parse(t.ToString()!)).ToArray(),
                Convert.FromHexString(l.Data is { Length: > 2 } data ? data[2..] : string.Empty))).ToArray() ?? [];
            return new ChainReceipt(transactionHash, receipt.Status?.Value == 1, (long)receipt.BlockNumber.Value, receipt.BlockHash ?? string.Empty, logged, logs);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"Receipt of {transactionHash} could not be read: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public async Task<KnownTransaction?> FindTransactionAsync(string transactionHash, CancellationToken cancellationToken)
    {
        try
        {
            var transaction = await connection.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(transactionHash)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            if (transaction is null)
            {
                return null;
            }

            var gasPrice = transaction.GasPrice?.Value ?? BigInteger.Zero;
            return new KnownTransaction(
                (long)transaction.Nonce.Value,
                (long)transaction.Gas.Value,
                new ChainFees(transaction.MaxFeePerGas?.Value ?? gasPrice, transaction.MaxPriorityFeePerGas?.Value ?? gasPrice));
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"Transaction {transactionHash} could not be looked up: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public async Task<ChainHead> GetHeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var block = await connection.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest())
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            return new ChainHead((long)block.Number.Value, block.BlockHash, block.GasLimit is null ? 0 : (long)block.GasLimit.Value);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"Latest block could not be read: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public async Task<string?> GetBlockHashAsync(long number, CancellationToken cancellationToken)
    {
        try
        {
            var block = await connection.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number))
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            return block?.BlockHash;
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"Block {number} could not be read: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public async Task<long> GetBlockNumberAsync(CancellationToken cancellationToken)
    {
        try
        {
            var number = await connection.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return (long)number.Value;
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"Block number could not be read: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public Task<long> GetNonceAsync(bool pending, CancellationToken cancellationToken) => connection.GetNonceAsync(pending, cancellationToken);
}
