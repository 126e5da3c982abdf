using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>
/// A small simulated chain for one relayer account: a pool keyed by nonce (a replacement must pay 10 % more, a used
/// nonce is refused), blocks that take the pool's transactions in nonce order while they pay the base fee
/// (<see cref="AutoMine"/> mines on every accepted transaction), drops and reorganisations. Estimates and broadcast
/// answers can be scripted. With <see cref="ContractLike"/> the contracts' exactly-once rule is modelled: the first
/// mined item of a (device, sequence) takes effect; a later cross-border sale reverts on chain (and its estimate is
/// answered AlreadyOnChain), while a batch (PaymentHub, RevenueDistributor, a QuorumInsurance round) takes its other
/// items and skips that one with the contract's "already" event. Items in <see cref="Refused"/> are skipped by a batch as bad.
/// </summary>
public class FakeChainClient : IChainClient
{
    private readonly object _gate = new();
    private readonly SortedDictionary<long, SignedTransaction> _pool = [];
    private readonly Dictionary<string, (SignedTransaction Transaction, ChainReceipt Receipt, List<(string Device, ulong Sequence)> Took)> _mined = [];
    private readonly List<List<SignedTransaction>> _blocks = [];
    private readonly List<string> _blockHashes = [];
    private int _epoch;

    public FakeChainClient()
    {
        Nonces = new NonceManager(ct => GetNonceAsync(pending: true, ct));
    }

    public string Account => "0x00000000000000000000000000000000000000aa";

    public NonceManager Nonces { get; private set; }

    /// <summary>Transactions in the pool now (sent, not mined).</summary>
    public int Pooled
    {
        get
        {
            lock (_gate)
            {
                return _pool.Count;
            }
        }
    }

    /// <summary>The most transactions of one device that were in the pool together.</summary>
    public int MaxPooledPerDevice { get; private set; }

    /// <summary>A new nonce manager, as a restarted gateway has: it knows only what the node and the outbox tell it.</summary>
    public void ForgetNonces() => Nonces = new NonceManager(ct => GetNonceAsync(pending: true, ct));

    /// <summary>Estimates handed out in order; when empty a call estimates at 100 000 gas (or AlreadyOnChain, see <see cref="ContractLike"/>).</summary>
    public ConcurrentQueue<Estimate> Estimates { get; } = new();

    /// <summary>Broadcast answers handed out in order (the transaction is then not taken); when empty the pool rules decide.</summary>
    public ConcurrentQueue<BroadcastResult> BroadcastResults { get; } = new();

    /// <summary>Mined outcomes in order (false: status 0); when empty a mined transaction succeeds.</summary>
    public ConcurrentQueue<bool> MinedOutcomes { get; } = new();

    /// <summary>Every call estimated, in order.</summary>
    public ConcurrentQueue<RelayCall> Estimated { get; } = new();

    /// <summary>Every transaction the pool accepted (first sends, replacements, fillers), in order.</summary>
    public ConcurrentQueue<SignedTransaction> Accepted { get; } = new();

    /// <summary>Every transaction offered to the node, accepted or not, in order.</summary>
    public ConcurrentQueue<SignedTransaction> Broadcasts { get; } = new();

    /// <summary>Receipt lookups by hash, in order.</summary>
    public ConcurrentQueue<string> ReceiptLookups { get; } = new();

    /// <summary>The calls of the accepted transactions, in order (fillers left out).</summary>
    public IReadOnlyList<RelayCall> Calls => Accepted.Select(t => t.Draft.Call).OfType<RelayCall>().ToArray();

    /// <summary>When true, every accepted transaction is mined at once in a block of its own.</summary>
    public bool AutoMine { get; set; } = true;

    /// <summary>When true, the node cannot be reached: reads throw, estimates and broadcasts are transient.</summary>
    public bool Down { get; set; }

    /// <summary>Model the contracts' exactly-once answers (see the class summary).</summary>
    public bool ContractLike { get; set; }

    /// <summary>When true, the contracts have no code (a chain not yet restored): calls succeed, emit no event, take no effect.</summary>
    public bool ContractsMissing { get; set; }

    /// <summary>What the fee market suggests; the base fee is also what a transaction must pay to be mined.</summary>
    public FeeSuggestion Fees { get; set; } = new(1_000_000_000, 1_000_000_000);

    /// <summary>Transactions of the account mined before the test (the first nonce).</summary>
    public long StartNonce { get; set; }

    /// <summary>Effects taken on chain by (device, sequence) (with <see cref="ContractLike"/>); more than 1 is a double effect.</summary>
    public ConcurrentDictionary<(string Device, ulong Sequence), int> Effects { get; } = new();

    /// <summary>Items a batch skips as bad (a forged signature, say), by (device, sequence).</summary>
    public ConcurrentDictionary<(string Device, ulong Sequence), bool> Refused { get; } = new();

    /// <summary>
    /// QuorumInsurance memberships by sensor (lower-case address); a sensor not here is alone in a region of its own
    /// (<see cref="LoneRegionOf"/>) while <see cref="LoneSensors"/> holds, in no region otherwise.
    /// </summary>
    public ConcurrentDictionary<string, SensorMembership> Regions { get; } = new();

    /// <summary>Whether a sensor not in <see cref="Regions"/> is alone in a region of its own (each reading a round of one); default true.</summary>
    public bool LoneSensors { get; set; } = true;

    /// <summary>The region a sensor not in <see cref="Regions"/> is alone in (with <see cref="LoneSensors"/>).</summary>
    public static SensorMembership LoneRegionOf(string sensor) =>
        new((uint.Parse(sensor[^7..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) << 1) | 1, 0, 1);

    /// <summary>Membership lookups, by sensor, in order.</summary>
    public ConcurrentQueue<string> MembershipLookups { get; } = new();

    /// <summary>What <see cref="GetWindowCountedAsync"/> answers, by round; none: no sensor counted.</summary>
    public ConcurrentDictionary<RoundKey, uint> Counted { get; } = new();

    /// <summary>Rounds whose window is closed: every item is skipped with reason WindowDecided.</summary>
    public ConcurrentDictionary<RoundKey, bool> ClosedRounds { get; } = new();

    /// <summary>Relays answered AlreadyOnChain, reverted or skipped on chain because the effect was there (with <see cref="ContractLike"/>).</summary>
    public int Repeats => Volatile.Read(ref _repeats);

    private int _repeats;

    public long BlockNumber
    {
        get
        {
            lock (_gate)
            {
                return _blocks.Count;
            }
        }
    }

    public Task<Estimate> EstimateAsync(RelayCall call, CancellationToken cancellationToken)
    {
        Estimated.Enqueue(call);
        if (Down)
        {
            return Task.FromResult(Estimate.Transient("connection refused"));
        }

        if (Estimates.TryDequeue(out var scripted))
        {
            return Task.FromResult(scripted);
        }

        if (ContractLike && !RelayRoute.Batches(call.Target) && Effects.ContainsKey(Keys(call)[0]))
        {
            Interlocked.Increment(ref _repeats);
            return Task.FromResult(Estimate.AlreadyOnChain("PaymentHubAlreadySettled: the sale is settled"));
        }

        return Task.FromResult(Estimate.Ready(100_000));
    }

    public Task<FeeSuggestion> GetFeesAsync(CancellationToken cancellationToken) => Read(() => Fees);

    public SignedTransaction Sign(TransactionDraft draft)
    {
        var text = string.Join('|', draft.To, draft.Data, draft.Nonce, draft.GasLimit, draft.Fees.MaxFeePerGas, draft.Fees.MaxPriorityFeePerGas);
        var hash = "0x" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new SignedTransaction(hash, "0x" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text)), draft);
    }

    public Task<BroadcastResult> BroadcastAsync(SignedTransaction transaction, CancellationToken cancellationToken)
    {
        Broadcasts.Enqueue(transaction);
        if (Down)
        {
            return Task.FromResult(new BroadcastResult(BroadcastStatus.Transient, "connection refused"));
        }

        if (BroadcastResults.TryDequeue(out var scripted))
        {
            return Task.FromResult(scripted);
        }

        lock (_gate)
        {
            var nonce = transaction.Draft.Nonce;
            if (_mined.ContainsKey(transaction.Hash) || (_pool.TryGetValue(nonce, out var same) && same.Hash == transaction.Hash))
            {
                return Task.FromResult(BroadcastResult.Accepted);
            }

            if (nonce < LatestNonce())
            {
                return Task.FromResult(new BroadcastResult(BroadcastStatus.NonceTooLow, "nonce too low"));
            }

            if (_pool.TryGetValue(nonce, out var held)
                && (transaction.Draft.Fees.MaxFeePerGas * 10 < held.Draft.Fees.MaxFeePerGas * 11
                    || transaction.Draft.Fees.MaxPriorityFeePerGas * 10 < held.Draft.Fees.MaxPriorityFeePerGas * 11))
            {
                return Task.FromResult(new BroadcastResult(BroadcastStatus.Underpriced, "replacement transaction underpriced"));
            }

            _pool[nonce] = transaction;
            Accepted.Enqueue(transaction);
            if (transaction.Draft.Call is { } call)
            {
                foreach (var device in Keys(call).Select(k => k.Device))
                {
                    MaxPooledPerDevice = Math.Max(MaxPooledPerDevice, _pool.Values.Count(t => t.Draft.Call is { } c && Keys(c).Any(k => k.Device == device)));
                }
            }

            if (AutoMine)
            {
                MineLocked();
            }
        }

        return Task.FromResult(BroadcastResult.Accepted);
    }

    /// <summary>What <see cref="CheckDeploymentAsync"/> answers (null: the deployment matches), and the lists it was asked about.</summary>
    public string? DeploymentProblem { get; set; }

    /// <summary>The contract lists <see cref="CheckDeploymentAsync"/> was asked about, in order.</summary>
    public ConcurrentQueue<IReadOnlyList<(string Name, string Address)>> DeploymentChecks { get; } = new();

    /// <inheritdoc />
    public Task<string?> CheckDeploymentAsync(long chainId, IReadOnlyList<(string Name, string Address)> contracts, CancellationToken cancellationToken)
    {
        DeploymentChecks.Enqueue(contracts);
        return Read(() => DeploymentProblem);
    }

    public Task<ChainReceipt?> GetReceiptAsync(string transactionHash, CancellationToken cancellationToken)
    {
        ReceiptLookups.Enqueue(transactionHash);
        return Read(() => _mined.TryGetValue(transactionHash, out var mined) ? mined.Receipt : null);
    }

    public Task<KnownTransaction?> FindTransactionAsync(string transactionHash, CancellationToken cancellationToken) => Read(() =>
    {
        var transaction = _mined.TryGetValue(transactionHash, out var mined) ? mined.Transaction : _pool.Values.FirstOrDefault(t => t.Hash == transactionHash);
        return transaction is null ? null : new KnownTransaction(transaction.Draft.Nonce, transaction.Draft.GasLimit, transaction.Draft.Fees);
    });

    public Task<ChainHead> GetHeadAsync(CancellationToken cancellationToken) => Read(() => new ChainHead(_blocks.Count, BlockHash(_blocks.Count), BlockGasLimit));

    /// <summary>The gas limit the head reports (0: not known, as the relayer's budget then does not apply).</summary>
    public long BlockGasLimit { get; set; }

    /// <summary>Block hash lookups by number, in order.</summary>
    public ConcurrentQueue<long> BlockHashLookups { get; } = new();

    public Task<string?> GetBlockHashAsync(long number, CancellationToken cancellationToken)
    {
        BlockHashLookups.Enqueue(number);
        return Read(() => number >= 1 && number <= _blocks.Count ? BlockHash(number) : null);
    }

    public Task<long> GetBlockNumberAsync(CancellationToken cancellationToken) => Read(() => (long)_blocks.Count);

    public Task<long> GetNonceAsync(bool pending, CancellationToken cancellationToken) => Read(() =>
    {
        var nonce = LatestNonce();
        while (pending && _pool.ContainsKey(nonce))
        {
            nonce++;
        }

        return nonce;
    });

    public Task<SensorMembership> GetSensorMembershipAsync(string contract, EdgeOracle.Protocol.Address sensor, CancellationToken cancellationToken)
    {
        var key = sensor.ToString().ToLowerInvariant();
        MembershipLookups.Enqueue(key);
        return Read(() => Regions.TryGetValue(key, out var membership) ? membership : LoneSensors ? LoneRegionOf(key) : default);
    }

    public Task<uint> GetWindowCountedAsync(string contract, RoundKey round, CancellationToken cancellationToken) =>
        Read(() => Counted.TryGetValue(round, out var counted) ? counted : 0u);

    /// <summary>Mines one block with the pool's transactions that follow on the account's nonce and pay the base fee.</summary>
    public void Mine()
    {
        lock (_gate)
        {
            MineLocked();
        }
    }

    /// <summary>Mines <paramref name="count"/> blocks.</summary>
    public void Mine(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Mine();
        }
    }

    /// <summary>Forgets a pooled transaction, as <c>anvil_dropTransaction</c> does.</summary>
    public void Drop(string transactionHash)
    {
        lock (_gate)
        {
            foreach (var nonce in _pool.Where(p => p.Value.Hash == transactionHash).Select(p => p.Key).ToArray())
            {
                _pool.Remove(nonce);
            }
        }
    }

    /// <summary>
    /// Replaces the last <paramref name="depth"/> blocks with as many new ones (as <c>anvil_reorg</c> does): their
    /// transactions are lost, or with <paramref name="reinclude"/> taken into the first new block.
    /// </summary>
    public void Reorg(int depth, bool reinclude)
    {
        lock (_gate)
        {
            var removed = _blocks.Skip(_blocks.Count - depth).SelectMany(b => b).ToList();
            _blocks.RemoveRange(_blocks.Count - depth, depth);
            _blockHashes.RemoveRange(_blockHashes.Count - depth, depth);
            foreach (var transaction in removed)
            {
                _mined.Remove(transaction.Hash, out var mined);
                foreach (var key in mined.Took)
                {
                    if (Effects.AddOrUpdate(key, 0, (_, count) => count - 1) == 0)
                    {
                        Effects.TryRemove(key, out _);
                    }
                }
            }

            _epoch++;
            for (var i = 0; i < depth; i++)
            {
                var block = NewBlock();
                if (i == 0 && reinclude)
                {
                    foreach (var transaction in removed)
                    {
                        Include(block, transaction);
                    }
                }
            }
        }
    }

    private List<SignedTransaction> NewBlock()
    {
        var block = new List<SignedTransaction>();
        _blocks.Add(block);
        _blockHashes.Add("0x" + (_blocks.Count * 1000 + _epoch).ToString("x64", CultureInfo.InvariantCulture));
        return block;
    }

    private void MineLocked()
    {
        var block = NewBlock();
        var nonce = LatestNonce();
        while (_pool.TryGetValue(nonce, out var next) && next.Draft.Fees.MaxFeePerGas >= Fees.NextBaseFee)
        {
            _pool.Remove(nonce);
            Include(block, next);
            nonce++;
        }
    }

    private void Include(List<SignedTransaction> block, SignedTransaction transaction)
    {
        var succeeded = !MinedOutcomes.TryDequeue(out var scripted) || scripted;
        var call = transaction.Draft.Call;
        var logged = succeeded && call is not null && !ContractsMissing;
        var took = new List<(string Device, ulong Sequence)>();
        var logs = new List<ChainLog>();
        if (logged && call!.Items.Count > 0 && RelayRoute.Batches(call.Target))
        {
            var keys = Keys(call);
            var closed = call.Target == RelayTarget.Quorum && ClosedRounds.ContainsKey(call.Round);
            for (var i = 0; i < keys.Count; i++)
            {
                if (closed)
                {
                    logs.Add(RoundSkipLog(call, i, 5));
                    continue;
                }

                var already = ContractLike && Effects.ContainsKey(keys[i]);
                if (already)
                {
                    Interlocked.Increment(ref _repeats);
                }

                if (already || Refused.ContainsKey(keys[i]))
                {
                    logs.Add(SkipLog(call, i, already));
                    continue;
                }

                if (ContractLike)
                {
                    Effects.AddOrUpdate(keys[i], 1, (_, count) => count + 1);
                }

                took.Add(keys[i]);
                if (call.Target != RelayTarget.Quorum)
                {
                    logs.Add(new ChainLog(call.Contract, [call.Target == RelayTarget.PaymentHub ? BatchReceipt.PaymentSettledTopic : BatchReceipt.ProductionRecordedTopic, call.Items[i].EventKey], new byte[192]));
                }
            }

            if (call.Target == RelayTarget.Quorum && (took.Count > 0 || closed))
            {
                // A round that counted readings (or closed its window) says so once, for the window.
                logs.Add(new ChainLog(call.Contract, [BatchReceipt.WindowCollectedTopic], new byte[96]));
            }
        }
        else if (logged && ContractLike && call is { Items.Count: > 0 })
        {
            var key = Keys(call)[0];
            var effects = Effects.AddOrUpdate(key, 1, (_, count) => count + 1);
            if (effects > 1)
            {
                // The contract refuses a second effect: the transaction reverts.
                Effects[key] = effects - 1;
                Interlocked.Increment(ref _repeats);
                succeeded = logged = false;
            }
            else
            {
                took.Add(key);
                if (call.Target == RelayTarget.CrossBorder)
                {
                    logs.Add(new ChainLog(call.Contract, [BatchReceipt.PaymentSettledTopic, call.Items[0].EventKey], new byte[192]));
                }
            }
        }

        block.Add(transaction);
        _mined[transaction.Hash] = (transaction, new ChainReceipt(transaction.Hash, succeeded, _blocks.Count, BlockHash(_blocks.Count), logged && (logs.Count > 0 || !RelayRoute.Batches(call!.Target)), logs), took);
    }

    /// <summary>The skip event a batched contract emits for item <paramref name="index"/>: "already" or a bad item.</summary>
    private static ChainLog SkipLog(RelayCall call, int index, bool already)
    {
        var data = new byte[64];
        data[31] = (byte)index;
        if (call.Target == RelayTarget.PaymentHub)
        {
            var selector = EdgeOracle.Protocol.Crypto.Keccak256.Hash(Encoding.ASCII.GetBytes(already ? "PaymentHubAlreadySettled(bytes32)" : "PaymentHubBadSignature(address)")).ToArray();
            selector.AsSpan(0, 4).CopyTo(data.AsSpan(32));
            return new ChainLog(call.Contract, [BatchReceipt.PaymentSkippedTopic, call.Items[index].EventKey], data);
        }

        if (call.Target == RelayTarget.Quorum)
        {
            return RoundSkipLog(call, index, already ? (byte)4 : (byte)1);
        }

        data[63] = already ? (byte)3 : (byte)4;
        return new ChainLog(call.Contract, [BatchReceipt.ProductionSkippedTopic, call.Items[index].EventKey], data);
    }

    /// <summary>QuorumInsurance's <c>ObservationSkipped(index, device, reason)</c> for item <paramref name="index"/>.</summary>
    private static ChainLog RoundSkipLog(RelayCall call, int index, byte reason)
    {
        var data = new byte[64];
        data[31] = (byte)index;
        data[63] = reason;
        return new ChainLog(call.Contract, [BatchReceipt.ObservationSkippedTopic, call.Items[index].EventKey], data);
    }

    private long LatestNonce() => StartNonce + _mined.Count;

    private string BlockHash(long number) => number == 0 ? "0x" + new string('0', 64) : _blockHashes[(int)number - 1];

    private Task<T> Read<T>(Func<T> read)
    {
        if (Down)
        {
            throw new ChainUnavailableException("connection refused");
        }

        lock (_gate)
        {
            return Task.FromResult(read());
        }
    }

    /// <summary>The (device, sequence) of each item of <paramref name="call"/>, in call order.</summary>
    public static IReadOnlyList<(string Device, ulong Sequence)> Keys(RelayCall call) =>
        call.Items.Select(i => (i.Device.ToString().ToLowerInvariant(), i.Sequence)).ToArray();
}
