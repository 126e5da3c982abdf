using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading.Tasks;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace EdgeOracle.Devnet;

/// <summary><c>PaymentHub.PaymentSettled</c>: one per settled sale.</summary>
[Event("PaymentSettled")]
public sealed class PaymentSettledEvent : IEventDTO
{
    [Parameter("bytes32", "digest", 1, true)]
    public byte[] Digest { get; set; } = [];

    [Parameter("address", "merchant", 2, true)]
    public string Merchant { get; set; } = string.Empty;

    [Parameter("address", "terminal", 3, true)]
    public string Terminal { get; set; } = string.Empty;

    [Parameter("address", "token", 4, false)]
    public string Token { get; set; } = string.Empty;

    [Parameter("address", "payer", 5, false)]
    public string Payer { get; set; } = string.Empty;

    [Parameter("uint256", "amount", 6, false)]
    public BigInteger Amount { get; set; }

    [Parameter("uint256", "fee", 7, false)]
    public BigInteger Fee { get; set; }

    [Parameter("bytes32", "orderRef", 8, false)]
    public byte[] OrderRef { get; set; } = [];
}

/// <summary><c>MerkleAnchor.RootAnchored</c>.</summary>
[Event("RootAnchored")]
public sealed class RootAnchoredEvent : IEventDTO
{
    [Parameter("bytes32", "root", 1, true)]
    public byte[] Root { get; set; } = [];

    [Parameter("address", "submitter", 2, true)]
    public string Submitter { get; set; } = string.Empty;

    [Parameter("uint64", "count", 3, false)]
    public ulong Count { get; set; }
}

/// <summary><c>QuorumInsurance.WindowDecided</c>: a region's window decided over <c>count</c> valid readings.</summary>
[Event("WindowDecided")]
public sealed class WindowDecidedEvent : IEventDTO
{
    [Parameter("uint32", "regionId", 1, true)]
    public uint RegionId { get; set; }

    [Parameter("uint32", "metric", 2, true)]
    public uint Metric { get; set; }

    [Parameter("uint64", "windowStart", 3, false)]
    public ulong WindowStart { get; set; }

    [Parameter("uint64", "windowEnd", 4, false)]
    public ulong WindowEnd { get; set; }

    [Parameter("uint256", "count", 5, false)]
    public BigInteger Count { get; set; }

    [Parameter("int64", "median", 6, false)]
    public long Median { get; set; }
}

/// <summary><c>QuorumInsurance.PolicyPaid</c>: <c>amount</c> paid now, <c>paid</c> in all, for a window's <c>value</c>.</summary>
[Event("PolicyPaid")]
public sealed class PolicyPaidEvent : IEventDTO
{
    [Parameter("uint256", "policyId", 1, true)]
    public BigInteger PolicyId { get; set; }

    [Parameter("address", "beneficiary", 2, true)]
    public string Beneficiary { get; set; } = string.Empty;

    [Parameter("uint256", "amount", 3, false)]
    public BigInteger Amount { get; set; }

    [Parameter("uint256", "paid", 4, false)]
    public BigInteger Paid { get; set; }

    [Parameter("int64", "value", 5, false)]
    public long Value { get; set; }
}

/// <summary>An event as the chain recorded it, with the transaction and block that emitted it.</summary>
/// <typeparam name="T">The decoded event.</typeparam>
public sealed record ChainEvent<T>(T Event, string TransactionHash, ulong BlockNumber);

/// <summary>Reads the contracts' events from the deployment block on.</summary>
public static class ChainEvents
{
    /// <summary>Every window QuorumInsurance decided so far.</summary>
    public static Task<IReadOnlyList<ChainEvent<WindowDecidedEvent>>> WindowsDecidedAsync(Web3 web3, Deployment deployment) =>
        ReadAsync<WindowDecidedEvent>(web3, deployment.QuorumInsurance, deployment.DeployBlock);

    /// <summary>Every QuorumInsurance policy payout so far.</summary>
    public static Task<IReadOnlyList<ChainEvent<PolicyPaidEvent>>> PolicyPaymentsAsync(Web3 web3, Deployment deployment) =>
        ReadAsync<PolicyPaidEvent>(web3, deployment.QuorumInsurance, deployment.DeployBlock);

    /// <summary>Every settled payment so far.</summary>
    public static Task<IReadOnlyList<ChainEvent<PaymentSettledEvent>>> SettlementsAsync(Web3 web3, Deployment deployment) =>
        ReadAsync<PaymentSettledEvent>(web3, deployment.PaymentHub, deployment.DeployBlock);

    /// <summary>Every root anchored at the deployment's MerkleAnchor so far.</summary>
    public static Task<IReadOnlyList<ChainEvent<RootAnchoredEvent>>> AnchorsAsync(Web3 web3, Deployment deployment) =>
        ReadAsync<RootAnchoredEvent>(web3, deployment.MerkleAnchor ?? throw new InvalidOperationException("the deployment has no MerkleAnchor"), deployment.DeployBlock);

    private static async Task<IReadOnlyList<ChainEvent<T>>> ReadAsync<T>(Web3 web3, string address, ulong fromBlock)
        where T : IEventDTO, new()
    {
        var handler = web3.Eth.GetEvent<T>(address);
        var filter = handler.CreateFilterInput(new BlockParameter(fromBlock), BlockParameter.CreateLatest());
        var logs = await handler.GetAllChangesAsync(filter).ConfigureAwait(false);
        return logs.Select(l => new ChainEvent<T>(l.Event, l.Log.TransactionHash, (ulong)l.Log.BlockNumber.Value)).ToList();
    }
}
