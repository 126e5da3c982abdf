using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;

namespace EdgeOracle.Gateway.Keepers;

/// <summary>A contract log as a keeper reads it.</summary>
/// <param name="Topics">The topics, <c>0x</c>-prefixed hex (topic 0 is the event's signature hash).</param>
/// <param name="Data">The non-indexed fields, ABI-encoded.</param>
/// <param name="BlockNumber">The block it is in.</param>
public sealed record KeeperLog(IReadOnlyList<string> Topics, byte[] Data, long BlockNumber);

/// <summary>How a keeper's transaction ended.</summary>
public enum KeeperSendStatus
{
    /// <summary>Mined and succeeded.</summary>
    Mined,

    /// <summary>Not sent: the call reverts now (<see cref="KeeperSendResult.RevertData"/> says why). Nothing was spent.</summary>
    Reverted,

    /// <summary>Mined but reverted (the state changed between the estimate and the block).</summary>
    FailedInBlock,

    /// <summary>Sent, but not mined within <see cref="KeeperOptions.ReceiptTimeout"/>; the next round looks again.</summary>
    NotMinedYet,
}

/// <summary>The result of <see cref="IKeeperChain.SendAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="TransactionHash">The transaction, when one was sent.</param>
/// <param name="RevertData">The revert's data (<c>0x</c> + selector and arguments) when <see cref="KeeperSendStatus.Reverted"/>; may be empty.</param>
/// <param name="Detail">The node's message for a revert, else empty.</param>
public sealed record KeeperSendResult(KeeperSendStatus Status, string? TransactionHash, string RevertData, string Detail)
{
    /// <summary>True when the revert data starts with the selector of <paramref name="errorSignature"/> (e.g. <c>Foo(uint64)</c>).</summary>
    public bool RevertedWith(string errorSignature) =>
        Status == KeeperSendStatus.Reverted
        && RevertData.StartsWith("0x" + KeeperAbi.Selector(errorSignature), StringComparison.OrdinalIgnoreCase);
}

/// <summary>Thrown by <see cref="IKeeperChain.CallAsync"/> when the view reverts (e.g. a price feed that is stale).</summary>
public sealed class KeeperCallRevertedException(string message) : Exception(message);

/// <summary>What the keepers need of the chain; <see cref="NethereumKeeperChain"/> in the gateway, a fake in tests.</summary>
public interface IKeeperChain
{
    /// <summary>The latest block's number.</summary>
    Task<long> GetBlockNumberAsync(CancellationToken cancellationToken);

    /// <summary>The latest block's timestamp (the chain's clock, which the contracts' deadlines are on).</summary>
    Task<ulong> GetBlockTimestampAsync(CancellationToken cancellationToken);

    /// <summary>The logs of <paramref name="contract"/> with topic 0 <paramref name="topic0"/> in blocks <paramref name="fromBlock"/>…<paramref name="toBlock"/>.</summary>
    Task<IReadOnlyList<KeeperLog>> GetLogsAsync(string contract, string topic0, long fromBlock, long toBlock, CancellationToken cancellationToken);

    /// <summary><c>eth_call</c> of a view at the latest block; throws <see cref="KeeperCallRevertedException"/> when it reverts.</summary>
    Task<byte[]> CallAsync(string contract, byte[] data, CancellationToken cancellationToken);

    /// <summary>Estimates the call (a revert ends here, unsent), sends it from the relayer account and waits for its receipt.</summary>
    Task<KeeperSendResult> SendAsync(string contract, byte[] data, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="IKeeperChain"/> over the gateway's <see cref="ChainConnection"/>: the relayer account signs, and its one
/// nonce manager hands out the nonces, so keeper transactions never take a nonce the relayer or the anchorer holds.
/// Failures to reach the node are thrown as <see cref="ChainUnavailableException"/>.
/// </summary>
public sealed class NethereumKeeperChain(ChainConnection connection, IOptions<KeeperOptions> options, TimeProvider time) : IKeeperChain
{
    private static readonly TimeSpan ReceiptPoll = TimeSpan.FromMilliseconds(250);

    /// <inheritdoc />
    public Task<long> GetBlockNumberAsync(CancellationToken cancellationToken) => Guard("The block number", async () =>
    {
        HexBigInteger number = await connection.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)number.Value;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<ulong> GetBlockTimestampAsync(CancellationToken cancellationToken) => Guard("The latest block", async () =>
    {
        var block = await connection.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest())
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (ulong)block.Timestamp.Value;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<KeeperLog>> GetLogsAsync(string contract, string topic0, long fromBlock, long toBlock, CancellationToken cancellationToken) =>
        Guard($"Logs of {contract}", async () =>
        {
            var filter = new NewFilterInput
            {
                Address = [contract],
                FromBlock = new BlockParameter(new HexBigInteger(fromBlock)),
                ToBlock = new BlockParameter(new HexBigInteger(toBlock)),
                Topics = [topic0],
            };
            var logs = await connection.Web3.Eth.Filters.GetLogs.SendRequestAsync(filter).WaitAsync(cancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<KeeperLog>)logs
                .Where(l => l.Removed != true)
                .Select(l => new KeeperLog(
                    l.Topics.Select(t => t.ToString()!).ToArray(),
                    KeeperAbi.FromHex(l.Data),
                    (long)l.BlockNumber.Value))
                .ToArray();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<byte[]> CallAsync(string contract, byte[] data, CancellationToken cancellationToken) => Guard($"A call to {contract}", async () =>
    {
        try
        {
            var result = await connection.Web3.Eth.Transactions.Call
                .SendRequestAsync(new CallInput(KeeperAbi.ToHex(data), contract), BlockParameter.CreateLatest())
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(result) || result == "0x")
            {
                throw new ChainUnavailableException($"{contract} answered nothing: no code there (yet)");
            }

            return KeeperAbi.FromHex(result);
        }
        catch (RpcResponseException revert) when (IsRevert(revert))
        {
            throw new KeeperCallRevertedException($"{revert.RpcError.Message} {RevertData(revert)}".Trim());
        }
    }, cancellationToken);

    /// <inheritdoc />
    public Task<KeeperSendResult> SendAsync(string contract, byte[] data, CancellationToken cancellationToken) => Guard($"A transaction to {contract}", async () =>
    {
        var account = connection.Account.Address;
        var input = new CallInput(KeeperAbi.ToHex(data), contract) { From = account };
        HexBigInteger gas;
        try
        {
            gas = await connection.Web3.Eth.Transactions.EstimateGas.SendRequestAsync(input).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcResponseException revert) when (IsRevert(revert))
        {
            return new KeeperSendResult(KeeperSendStatus.Reverted, null, RevertData(revert), revert.RpcError.Message);
        }

        // A fifth more than the estimate: state may move a little before the block.
        var transaction = new TransactionInput
        {
            Data = KeeperAbi.ToHex(data),
            To = contract,
            From = account,
            Gas = new HexBigInteger(gas.Value + gas.Value / 5),
        };
        var hash = await connection.Web3.TransactionManager.SendTransactionAsync(transaction).WaitAsync(cancellationToken).ConfigureAwait(false);
        var deadline = time.GetUtcNow() + options.Value.ReceiptTimeout;
        while (time.GetUtcNow() < deadline)
        {
            var receipt = await connection.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (receipt?.BlockNumber is not null)
            {
                return new KeeperSendResult(
                    receipt.Status?.Value == 1 ? KeeperSendStatus.Mined : KeeperSendStatus.FailedInBlock, hash, string.Empty, string.Empty);
            }

            await Task.Delay(ReceiptPoll, time, cancellationToken).ConfigureAwait(false);
        }

        return new KeeperSendResult(KeeperSendStatus.NotMinedYet, hash, string.Empty, string.Empty);
    }, cancellationToken);

    private static bool IsRevert(RpcResponseException exception) =>
        exception.RpcError?.Message?.Contains("revert", StringComparison.OrdinalIgnoreCase) == true;

    private static string RevertData(RpcResponseException exception)
    {
        var data = exception.RpcError?.Data?.ToString() ?? string.Empty;
        return data.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? data : string.Empty;
    }

    private static async Task<T> Guard<T>(string what, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ChainUnavailableException && NethereumChainClient.IsTransient(exception, cancellationToken))
        {
            throw new ChainUnavailableException($"{what} could not be read: {exception.Message}", exception);
        }
    }
}

/// <summary>The few ABI pieces the keepers encode and decode by hand (all words are static types).</summary>
public static class KeeperAbi
{
    /// <summary>The 4-byte selector of <paramref name="signature"/>, 8 lower-case hex digits.</summary>
    public static string Selector(string signature) =>
        Convert.ToHexStringLower(Protocol.Crypto.Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(signature)).ToArray())[..8];

    /// <summary>The topic (keccak-256, <c>0x</c>-prefixed) of the event <paramref name="signature"/>.</summary>
    public static string Topic(string signature) =>
        "0x" + Convert.ToHexStringLower(Protocol.Crypto.Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(signature)).ToArray());

    /// <summary>
    /// Call data: the selector of <paramref name="signature"/> and the arguments, ABI-encoded: addresses (hex strings)
    /// and unsigned integers (<see cref="BigInteger"/>, <see cref="ulong"/>, <see cref="uint"/>) one word each, and
    /// <c>bytes</c> (a byte array) as an offset in the head and its length and padded contents after the heads.
    /// </summary>
    public static byte[] Encode(string signature, params object[] arguments)
    {
        var tailLength = arguments.OfType<byte[]>().Sum(b => 32 + ((b.Length + 31) / 32 * 32));
        var data = new byte[4 + (32 * arguments.Length) + tailLength];
        Convert.FromHexString(Selector(signature)).CopyTo(data, 0);
        var tail = 32 * arguments.Length;
        for (var i = 0; i < arguments.Length; i++)
        {
            var word = data.AsSpan(4 + (32 * i), 32);
            switch (arguments[i])
            {
                case string address:
                    Convert.FromHexString(address.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? address[2..] : address).CopyTo(word[12..]);
                    break;
                case BigInteger value:
                    var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
                    bytes.CopyTo(word[(32 - bytes.Length)..]);
                    break;
                case ulong value:
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(word[24..], value);
                    break;
                case uint value:
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(word[24..], value);
                    break;
                case byte[] dynamic:
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(word[24..], (ulong)tail);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(4 + tail + 24, 8), (ulong)dynamic.Length);
                    dynamic.CopyTo(data, 4 + tail + 32);
                    tail += 32 + ((dynamic.Length + 31) / 32 * 32);
                    break;
                default:
                    throw new ArgumentException($"Cannot encode a {arguments[i]?.GetType().Name ?? "null"}.", nameof(arguments));
            }
        }

        return data;
    }

    /// <summary>Word <paramref name="index"/> of <paramref name="data"/> as an unsigned integer.</summary>
    public static BigInteger Word(ReadOnlySpan<byte> data, int index) =>
        data.Length < 32 * (index + 1)
            ? throw new FormatException($"The answer has {data.Length} bytes; word {index} is missing.")
            : new BigInteger(data.Slice(32 * index, 32), isUnsigned: true, isBigEndian: true);

    /// <summary>A 32-byte topic as an address (its last 20 bytes), <c>0x</c> and lower case.</summary>
    public static string TopicAddress(string topic) => "0x" + topic[^40..].ToLowerInvariant();

    /// <summary>A 32-byte topic as an unsigned integer.</summary>
    public static BigInteger TopicNumber(string topic) => Word(FromHex(topic), 0);

    /// <summary><c>0x</c> + lower-case hex.</summary>
    public static string ToHex(ReadOnlySpan<byte> data) => "0x" + Convert.ToHexStringLower(data);

    /// <summary>Hex (with or without <c>0x</c>) to bytes.</summary>
    public static byte[] FromHex(string? hex) =>
        string.IsNullOrEmpty(hex) ? [] : Convert.FromHexString(hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex);
}
