using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Protocol;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;

namespace EdgeOracle.Gateway.Anchoring;

/// <summary><c>MerkleAnchor.anchor(bytes32 root, uint64 count)</c>.</summary>
[Function("anchor")]
public sealed class AnchorFunction : FunctionMessage
{
    /// <summary>The root.</summary>
    [Parameter("bytes32", "root", 1)]
    public byte[] Root { get; set; } = new byte[32];

    /// <summary>Leaves in the tree.</summary>
    [Parameter("uint64", "count", 2)]
    public ulong Count { get; set; }
}

/// <summary><c>MerkleAnchor.anchorOf(bytes32 root)</c>.</summary>
[Function("anchorOf", typeof(AnchorOfOutput))]
public sealed class AnchorOfFunction : FunctionMessage
{
    /// <summary>The root.</summary>
    [Parameter("bytes32", "root", 1)]
    public byte[] Root { get; set; } = new byte[32];
}

/// <summary>The <c>Anchor</c> struct returned by <c>anchorOf</c>.</summary>
[FunctionOutput]
public sealed class AnchorOfOutput : IFunctionOutputDTO
{
    /// <summary>Who anchored the root (zero when never).</summary>
    [Parameter("address", "submitter", 1)]
    public string Submitter { get; set; } = string.Empty;

    /// <summary>Leaves.</summary>
    [Parameter("uint64", "count", 2)]
    public ulong Count { get; set; }

    /// <summary>Block it was anchored in.</summary>
    [Parameter("uint64", "blockNumber", 3)]
    public ulong BlockNumber { get; set; }

    /// <summary>True when anchored.</summary>
    public bool IsAnchored => Address.TryParse(Submitter, out var submitter) && !submitter.IsZero;
}

/// <summary>The anchor contract as the anchorer uses it, over the gateway's relayer connection.</summary>
public sealed class AnchorContract(ChainConnection connection)
{
    /// <summary>The anchor of <paramref name="root"/> on chain (not anchored when the submitter is zero).</summary>
    public Task<AnchorOfOutput> AnchorOfAsync(string contract, Bytes32 root, CancellationToken cancellationToken) =>
        connection.Web3.Eth.GetContractQueryHandler<AnchorOfFunction>()
            .QueryDeserializingToObjectAsync<AnchorOfOutput>(new AnchorOfFunction { Root = root.ToArray() }, contract)
            .WaitAsync(cancellationToken);

    /// <summary>Sends <c>anchor(root, count)</c>; returns the transaction hash.</summary>
    public Task<string> SendAnchorAsync(string contract, Bytes32 root, int count, CancellationToken cancellationToken) =>
        connection.Web3.Eth.GetContractTransactionHandler<AnchorFunction>()
            .SendRequestAsync(contract, new AnchorFunction { Root = root.ToArray(), Count = (ulong)count })
            .WaitAsync(cancellationToken);

    /// <summary>(mined, succeeded, block) of a transaction; mined false while it is not in a block.</summary>
    public async Task<(bool Mined, bool Succeeded, long Block)> GetReceiptAsync(string transactionHash, CancellationToken cancellationToken)
    {
        var receipt = await connection.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transactionHash)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return receipt?.BlockNumber is null ? (false, false, 0) : (true, receipt.Status?.Value == 1, (long)receipt.BlockNumber.Value);
    }

    /// <summary>True when the node still knows the transaction (mined or in its pool); false once it was dropped.</summary>
    public async Task<bool> IsKnownAsync(string transactionHash, CancellationToken cancellationToken) =>
        await connection.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(transactionHash)
            .WaitAsync(cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The latest block number.</summary>
    public async Task<long> GetBlockNumberAsync(CancellationToken cancellationToken)
    {
        HexBigInteger number = await connection.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)(BigInteger)number.Value;
    }
}
