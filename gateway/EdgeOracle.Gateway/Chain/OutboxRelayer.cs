using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Monitoring;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// Takes stored messages from the outbox and sends them to their contracts (<see cref="RelayRoute"/>: payments in
/// batches to <c>PaymentHub.settleBatch</c>, energy readings in batches to <c>RevenueDistributor.submitProduction</c>,
/// readings of a QuorumInsurance region's sensors as one <c>submitRound</c> per region, metric and window (sent when
/// every sensor of the region is in, or <see cref="ChainOptions.RoundGrace"/> after the first, with what arrived);
/// observations no contract takes are marked "stored, not relayed" with the reason) with up to
/// <see cref="ChainOptions.MaxInFlight"/> transactions in flight. A device has up to
/// <see cref="ChainOptions.MaxInFlightPerDevice"/> rows in flight, taken in sequence order into transactions of
/// increasing nonce, so that they land in that order (a meter's RevenueDistributor readings go one at a time: that
/// contract refuses a sequence below the last it took); a batch holds up to <see cref="ChainOptions.BatchSize"/> rows
/// and waits at most <see cref="ChainOptions.BatchMaxWait"/> to fill up. The relayer picks each transaction's nonce
/// (<see cref="NonceManager"/>) and EIP-1559 fees (<see cref="FeePolicy"/>), signs it, and records its hash and nonce
/// on every row it carries before the node sees it; it then follows every transaction to
/// <see cref="ChainOptions.Confirmations"/> blocks, replaces one that is not mined within
/// <see cref="ChainOptions.BumpAfter"/> with higher fees at the same nonce, sends again what the node forgot (dropped,
/// or reorganised away) and fills nonce gaps it did not cause. Each row of a mined batch ends by the contract's event
/// for its item (<see cref="BatchReceipt"/>): settled or recorded (relayed), on chain already (relayed), or skipped
/// with the contract's reason (failed). A revert at estimation fails a single row for good and splits a batch into
/// single rows; a revert that says the effect is on chain already counts as relayed. One round at a time: the hosted
/// loop (or a test) calls <see cref="RelayRoundAsync"/>.
/// </summary>
public sealed partial class OutboxRelayer : BackgroundService
{
    /// <summary>How many devices' next rows one round looks at beyond those in flight, at least.</summary>
    public const int DevicesPerRound = 64;

    /// <summary>How many devices' next rows one round looks at beyond those in flight, at most.</summary>
    public const int MaxRowsPerRound = 4096;

    /// <summary>How long a check that found the deployment on the node holds before it is made again.</summary>
    internal static readonly TimeSpan DeploymentRecheck = TimeSpan.FromSeconds(30);

    /// <summary>How soon a check that did not find the deployment is made again (a restored node may still be filling).</summary>
    internal static readonly TimeSpan DeploymentMismatchRecheck = TimeSpan.FromSeconds(2);

    /// <summary>How long a mismatch lasts before it is logged as an error rather than a warning.</summary>
    internal static readonly TimeSpan DeploymentMismatchPersists = TimeSpan.FromMinutes(1);

    /// <summary>How long a nonce gap must last before it is filled (another sender may be about to use the nonce).</summary>
    internal static readonly TimeSpan GapGrace = TimeSpan.FromSeconds(2);

    private readonly IRelayOutbox _outbox;
    private readonly IChainClient _chain;
    private readonly OutboxSignal _signal;
    private readonly GatewayMetrics _metrics;
    private readonly RelayerMetrics _relayerMetrics;
    private readonly GatewayEventHub _events;
    private readonly TimeProvider _timeProvider;
    private readonly ChainOptions _options;
    private readonly ILogger<OutboxRelayer> _logger;
    private readonly ISubmitterLease _lease;
    private readonly BigInteger _feeCap;
    private readonly Dictionary<long, InFlightTransaction> _inFlight = [];
    private readonly Dictionary<Address, int> _deviceRows = [];
    private readonly HashSet<Address> _serialDevices = [];
    private readonly Dictionary<long, DateTimeOffset> _firstSeen = [];
    private RelayAddresses? _addresses;
    private DateTimeOffset? _heldUntil;
    private bool _adopted;
    private bool _chainDown;
    private ChainHead? _lastHead;

    /// <summary>The latest block's gas limit as last read (0: not yet), which sizes <c>Chain:MaxPendingGasBlocks</c>.</summary>
    private long _blockGasLimit;
    private FeeSuggestion? _roundFees;
    private (long Nonce, DateTimeOffset Since)? _gap;
    private DateTimeOffset? _deploymentCheckedAt;
    private string? _deploymentProblem;
    private DateTimeOffset? _deploymentProblemSince;
    private bool _deploymentProblemReported;

    /// <summary>Creates the relayer.</summary>
    public OutboxRelayer(
        IRelayOutbox outbox,
        IChainClient chain,
        OutboxSignal signal,
        GatewayMetrics metrics,
        RelayerMetrics relayerMetrics,
        GatewayEventHub events,
        TimeProvider timeProvider,
        IOptions<ChainOptions> options,
        ILogger<OutboxRelayer> logger,
        ISubmitterLease? lease = null)
    {
        _lease = lease ?? new SoleSubmitter();
        _outbox = outbox;
        _chain = chain;
        _signal = signal;
        _metrics = metrics;
        _relayerMetrics = relayerMetrics;
        _events = events;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
        _feeCap = new BigInteger(_options.MaxFeePerGasGwei * 1_000_000_000m);
    }

    /// <summary>Rows holding a transaction (or about to) that is not yet confirmed.</summary>
    public int InFlightCount => _inFlight.Count;

    /// <summary>
    /// One round: the first round takes over the Submitted rows of an earlier run; then new rows are estimated, signed,
    /// recorded and sent while there is room in flight, and every transaction in flight is looked at (receipt and
    /// depth, reorganisation, dropped, due for a bump). Returns the rows that ended (relayed or failed) and the attempts
    /// that hit a transient error. A node that stops answering ends the round early; nothing in flight is lost.
    /// </summary>
    public Task<IReadOnlyList<RelayOutcome>> RelayRoundAsync(CancellationToken cancellationToken) => RoundAsync(track: true, cancellationToken);

    /// <summary>A round; without <paramref name="track"/> only new rows are sent (a wake-up between two looks at the chain).</summary>
    private async Task<IReadOnlyList<RelayOutcome>> RoundAsync(bool track, CancellationToken cancellationToken)
    {
        var outcomes = new List<RelayOutcome>();
        _roundFees = null;
        try
        {
            if (!_adopted)
            {
                await AdoptAsync(outcomes, cancellationToken).ConfigureAwait(false);
                _adopted = true;
            }

            if (await DeploymentMatchesAsync(cancellationToken).ConfigureAwait(false))
            {
                await FillAsync(outcomes, cancellationToken).ConfigureAwait(false);
            }

            ReportInFlight();
            if (track)
            {
                await TrackAsync(outcomes, cancellationToken).ConfigureAwait(false);
            }

            if (_chainDown)
            {
                _chainDown = false;
                Log.ChainBack(_logger, _inFlight.Count);
            }
        }
        catch (ChainUnavailableException exception)
        {
            // A read failed: everything in flight stays as it is and is looked at again in the next round.
            if (!_chainDown)
            {
                _chainDown = true;
                Log.ChainUnavailable(_logger, _inFlight.Count, exception.Message);
            }
        }
        finally
        {
            ReportInFlight();
            foreach (var outcome in outcomes)
            {
                _metrics.RecordRelay(outcome.Status);
                _events.Publish(new RelayAttempted(_timeProvider.GetUtcNow(), outcome));
            }
        }

        return outcomes;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RelayEnabled)
        {
            Log.Disabled(_logger);
            return;
        }

        var tracked = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await _lease.HoldsAsync(stoppingToken).ConfigureAwait(false))
                {
                    // Another gateway is the elected submitter: it takes over what was in flight here from the store.
                    ForgetInFlight();
                    await _signal.WaitAsync(_options.OutboxPollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                // New messages wake the loop at once (to fill free slots); the chain is looked at once a poll interval.
                var now = _timeProvider.GetUtcNow();
                var track = _inFlight.Count == 0 || now - tracked >= _options.ReceiptPollInterval;
                var outcomes = await RoundAsync(track, stoppingToken).ConfigureAwait(false);
                tracked = track ? now : tracked;
                if (_inFlight.Count > 0)
                {
                    var untilNextLook = tracked + _options.ReceiptPollInterval - _timeProvider.GetUtcNow();
                    await _signal.WaitAsync(UntilHeldBatch(untilNextLook > TimeSpan.Zero ? untilNextLook : TimeSpan.Zero), stoppingToken).ConfigureAwait(false);
                }
                else if (outcomes.All(o => o.Status == RelayStatus.Retrying))
                {
                    await _signal.WaitAsync(UntilHeldBatch(_options.OutboxPollInterval), stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A storage fault: keep the relayer alive and try again after a pause.
                Log.RoundFailed(_logger, exception);
                await Task.Delay(_options.RetryMaxDelay, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The wait before the next round: <paramref name="wait"/>, shortened so that a batch held to fill up goes out on time.</summary>
    private TimeSpan UntilHeldBatch(TimeSpan wait)
    {
        if (_heldUntil is not { } due)
        {
            return wait;
        }

        var untilDue = due - _timeProvider.GetUtcNow();
        return untilDue <= TimeSpan.Zero ? TimeSpan.Zero : untilDue < wait ? untilDue : wait;
    }

    /// <summary>Takes over the rows an earlier run recorded a transaction for; their hashes are looked up before anything is sent.</summary>
    private async Task AdoptAsync(List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        var rows = await _outbox.GetSubmittedAsync(cancellationToken).ConfigureAwait(false);
        await AdoptAsync(rows.Where(r => !_inFlight.ContainsKey(r.Id)).ToList(), outcomes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Follows Submitted rows again: the rows recorded with one transaction hash (a batch) become one entry.</summary>
    private async Task AdoptAsync(List<OutboxItem> rows, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        await ResolveRegionsAsync(rows, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        foreach (var transaction in rows.GroupBy(r => r.TransactionHash ?? "row " + r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            var routed = new List<(OutboxItem Row, RelayTarget Target)>();
            foreach (var row in transaction)
            {
                if (TryCall(row, out var target, out _, out var error))
                {
                    routed.Add((row, target));
                }
                else
                {
                    await EndUncallableAsync(row, target, error, outcomes, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var sameBatch in routed.GroupBy(r => RelayRoute.BatchOf(r.Row, r.Target, Addresses)))
            {
                var target = sameBatch.Key.Target;
                var batch = sameBatch.Select(r => r.Row).ToList();
                if (RelayRoute.Batches(target))
                {
                    Adopt(batch, RelayCall.For(target, batch, Addresses));
                }
                else
                {
                    foreach (var row in batch)
                    {
                        Adopt([row], RelayCall.For(target, [row], Addresses));
                    }
                }
            }
        }
    }

    private void Adopt(IReadOnlyList<OutboxItem> rows, RelayCall call)
    {
        var row = rows[0];
        var entry = new InFlightTransaction(rows, call)
        {
            Nonce = row.TransactionNonce ?? -1,
            State = row.TransactionHash is null ? InFlightState.Prepare : InFlightState.Pending,
            SentAt = _timeProvider.GetUtcNow(),
        };
        if (row.TransactionHash is { } hash)
        {
            entry.Hashes.Add(hash);
        }

        Track(entry);
        Log.Adopted(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, row.TransactionHash, entry.Nonce);
    }

    /// <summary>
    /// New transactions, while there is room: each device's next rows in sequence order (up to
    /// <c>Chain:MaxInFlightPerDevice</c> in flight; a device stops at a row waiting out a backoff, so that nothing of it
    /// overtakes that row), grouped by target contract into batches of at most <c>Chain:BatchSize</c> (a batch that is
    /// not full waits until its oldest row has waited <c>Chain:BatchMaxWait</c>), estimated together, then signed and
    /// sent in nonce order. The outbox offers payment rows first, so payment batches take the room, the nonces and the
    /// gas budget before any round. A round holds one reading per sensor; a sensor's second reading of the same window
    /// waits for the next round.
    /// </summary>
    private async Task FillAsync(List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        _heldUntil = null;
        var room = _options.MaxInFlight - Entries.Count(e => e.Unmined);
        if (room <= 0)
        {
            return;
        }

        // Chain:MaxPendingGasBlocks: what the node holds unmined already reserves the budget, so nothing new is batched
        // or estimated this round (rows keep their place and their batch wait).
        var pendingGas = Entries.Where(e => e.Unmined && e.GasLimit > 0).Sum(e => e.GasLimit);
        if (_blockGasLimit == 0 && pendingGas == 0)
        {
            // Read before the first transaction goes (later, tracking's head read keeps it current).
            _blockGasLimit = (await _chain.GetHeadAsync(cancellationToken).ConfigureAwait(false)).GasLimit;
        }

        var gasBudget = _blockGasLimit > 0 ? (long)(_blockGasLimit * _options.MaxPendingGasBlocks) : long.MaxValue;
        if (pendingGas > 0 && pendingGas >= gasBudget)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        var wanted = Math.Min(room * _options.BatchSize, MaxRowsPerRound);
        var perDevice = _options.MaxInFlightPerDevice;
        var rows = await _outbox.GetNextPerDeviceAsync(_inFlight.Count + Math.Max(wanted, DevicesPerRound), perDevice, cancellationToken).ConfigureAwait(false);
        await ResolveRegionsAsync(rows.Where(r => !_inFlight.ContainsKey(r.Id)), now, cancellationToken).ConfigureAwait(false);
        var byBatch = new Dictionary<RelayBatch, List<OutboxItem>>();
        var batches = new List<RelayBatch>();
        var submitted = new List<OutboxItem>();
        var seen = new HashSet<long>();
        var taken = new Dictionary<Address, int>();
        var stopped = new HashSet<Address>();
        var sensorsOfRound = new Dictionary<RelayBatch, HashSet<Address>>();
        foreach (var row in rows)
        {
            if (_inFlight.ContainsKey(row.Id) || stopped.Contains(row.Device))
            {
                continue;
            }

            if (row.NextAttemptAt > now)
            {
                // Nothing of the device overtakes a row that waits out a backoff.
                stopped.Add(row.Device);
                continue;
            }

            if (row.Status == OutboxStatus.Submitted)
            {
                // Recorded by a submitter that lost its lease since: follow its transaction, as after a restart.
                submitted.Add(row);
                continue;
            }

            var held = _deviceRows.GetValueOrDefault(row.Device) + taken.GetValueOrDefault(row.Device);
            if (held >= perDevice || _serialDevices.Contains(row.Device))
            {
                stopped.Add(row.Device);
                continue;
            }

            if (!TryCall(row, out var target, out _, out var error))
            {
                await EndUncallableAsync(row, target, error, outcomes, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var batch = RelayRoute.BatchOf(row, target, Addresses);
            if (target == RelayTarget.RevenueDistributor)
            {
                // A meter's readings go one at a time: the next waits for this one to be final.
                stopped.Add(row.Device);
                if (held > 0)
                {
                    continue;
                }
            }
            else if (target == RelayTarget.Quorum && !SensorsOf(sensorsOfRound, batch).Add(row.Device))
            {
                // A sensor's second reading of the same window waits for the next round.
                stopped.Add(row.Device);
                continue;
            }

            seen.Add(row.Id);
            taken[row.Device] = taken.GetValueOrDefault(row.Device) + 1;
            _firstSeen.TryAdd(row.Id, now);
            if (!byBatch.TryGetValue(batch, out var list))
            {
                byBatch[batch] = list = [];
                batches.Add(batch);
            }

            list.Add(row);
        }

        await AdoptAsync(submitted, outcomes, cancellationToken).ConfigureAwait(false);
        foreach (var id in _firstSeen.Keys.Where(id => !seen.Contains(id)).ToArray())
        {
            _firstSeen.Remove(id);
        }

        var fresh = new List<InFlightTransaction>();
        foreach (var batch in batches)
        {
            var list = byBatch[batch];
            var target = batch.Target;

            // A round is full with every sensor of its region (the contract then decides the window at once) and waits
            // Chain:RoundGrace for them; other batches are full at Chain:BatchSize and wait Chain:BatchMaxWait.
            var (size, wait) = target switch
            {
                RelayTarget.Quorum => (Math.Clamp(batch.RegionSize, 1, QuorumItems.MaxItems), _options.RoundGrace),
                RelayTarget.CrossBorder => (1, _options.BatchMaxWait),
                _ => (_options.BatchSize, _options.BatchMaxWait),
            };
            for (var start = 0; start < list.Count && fresh.Count < room; start += size)
            {
                var chunk = list.GetRange(start, Math.Min(size, list.Count - start));
                if (chunk.Count < size)
                {
                    var due = chunk.Min(r => _firstSeen[r.Id]) + wait;
                    if (due > now)
                    {
                        // Not full yet: wait a little for more, at most until the oldest row has waited its batch's wait.
                        _heldUntil = _heldUntil is { } held && held < due ? held : due;
                        break;
                    }
                }

                var entry = new InFlightTransaction(chunk, RelayCall.For(target, chunk, Addresses));
                Track(entry);
                fresh.Add(entry);
                foreach (var row in chunk)
                {
                    _firstSeen.Remove(row.Id);
                }
            }
        }

        // Estimation is the slow part (the node runs the call); the nodes answer these side by side.
        var estimates = await Task.WhenAll(fresh.Select(e => _chain.EstimateAsync(e.Call, cancellationToken))).ConfigureAwait(false);
        var signed = new List<Signed>(fresh.Count);
        var full = false;
        for (var i = 0; i < fresh.Count; i++)
        {
            if (full || (estimates[i].Status == EstimateStatus.Ready && pendingGas > 0 && pendingGas + GasLimitFor(estimates[i]) > gasBudget))
            {
                // Chain:MaxPendingGasBlocks is reserved by transactions the node holds: this one and the rest (nonce
                // order stays round order) wait for a block; their rows are still Pending and come back next round.
                full = true;
                Untrack(fresh[i]);
                continue;
            }

            if (estimates[i].Status == EstimateStatus.Ready)
            {
                pendingGas += GasLimitFor(estimates[i]);
            }

            if (await SignAsync(fresh[i], estimates[i], outcomes, cancellationToken).ConfigureAwait(false) is { } transaction)
            {
                signed.Add(transaction);
            }
        }

        // One write records them all, then they go to the node in nonce order.
        await RecordAndSendAsync(signed, outcomes, cancellationToken).ConfigureAwait(false);
    }

    private static HashSet<Address> SensorsOf(Dictionary<RelayBatch, HashSet<Address>> sensorsOfRound, RelayBatch round)
    {
        if (!sensorsOfRound.TryGetValue(round, out var sensors))
        {
            sensorsOfRound[round] = sensors = [];
        }

        return sensors;
    }

    /// <summary>The transactions in flight (a batch is held under each of its rows).</summary>
    private IEnumerable<InFlightTransaction> Entries => _inFlight.Values.Distinct();

    private RelayAddresses Addresses => _addresses ??= RelayAddresses.Of(_options);

    /// <summary>Holds every row of <paramref name="entry"/> in flight, and counts it for its device.</summary>
    private void Track(InFlightTransaction entry)
    {
        foreach (var row in entry.Rows)
        {
            if (_inFlight.TryAdd(row.Id, entry))
            {
                _deviceRows[row.Device] = _deviceRows.GetValueOrDefault(row.Device) + 1;
            }
            else
            {
                _inFlight[row.Id] = entry;
            }

            if (entry.Call.Target == RelayTarget.RevenueDistributor)
            {
                _serialDevices.Add(row.Device);
            }
        }
    }

    /// <summary>Frees the rows of <paramref name="entry"/>.</summary>
    private void Untrack(InFlightTransaction entry)
    {
        foreach (var row in entry.Rows)
        {
            if (_inFlight.TryGetValue(row.Id, out var held) && ReferenceEquals(held, entry))
            {
                _inFlight.Remove(row.Id);
                var left = _deviceRows[row.Device] - 1;
                if (left == 0)
                {
                    _deviceRows.Remove(row.Device);
                    _serialDevices.Remove(row.Device);
                }
                else
                {
                    _deviceRows[row.Device] = left;
                }
            }
        }
    }

    /// <summary>
    /// Whether the node is the configured chain with code at every configured contract. A match holds for
    /// <see cref="DeploymentRecheck"/>; a mismatch is asked again every <see cref="DeploymentMismatchRecheck"/>. While
    /// there is a mismatch nothing new is sent: the rows stay in the outbox, Pending, and what is in flight is still
    /// followed. A mismatch is logged as a warning when first seen (a node restored from a snapshot is briefly empty) and
    /// as an error once it has lasted <see cref="DeploymentMismatchPersists"/>; its end is logged too.
    /// </summary>
    private async Task<bool> DeploymentMatchesAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var holdsFor = _deploymentProblem is null ? DeploymentRecheck : DeploymentMismatchRecheck;
        if (_deploymentCheckedAt is { } at && now - at < holdsFor)
        {
            return _deploymentProblem is null;
        }

        var problem = await _chain.CheckDeploymentAsync(_options.ChainId, DeploymentContracts(), cancellationToken).ConfigureAwait(false);
        _deploymentCheckedAt = now;
        var file = string.IsNullOrEmpty(_options.DeploymentFile) ? "the configured addresses" : "deployment file '" + _options.DeploymentFile + "'";
        if (problem is null)
        {
            if (_deploymentProblem is not null)
            {
                Log.DeploymentMatches(_logger, file);
            }

            _deploymentProblem = null;
            _deploymentProblemSince = null;
            _deploymentProblemReported = false;
            return true;
        }

        _deploymentProblemSince ??= now;
        if (problem != _deploymentProblem)
        {
            Log.DeploymentMismatchSeen(_logger, file, problem);
            _deploymentProblem = problem;
            _deploymentProblemReported = false;
        }

        if (!_deploymentProblemReported && now - _deploymentProblemSince.Value >= DeploymentMismatchPersists)
        {
            Log.DeploymentMismatch(_logger, file, problem, (int)(now - _deploymentProblemSince.Value).TotalSeconds);
            _deploymentProblemReported = true;
        }

        return false;
    }

    private List<(string Name, string Address)> DeploymentContracts()
    {
        var contracts = new List<(string, string)>
        {
            ("DeviceRegistry", _options.DeviceRegistryAddress),
            ("PaymentHub", _options.PaymentHubAddress),
        };
        if (!string.IsNullOrEmpty(_options.QuorumInsuranceAddress))
        {
            contracts.Add(("QuorumInsurance", _options.QuorumInsuranceAddress));
        }

        if (!string.IsNullOrEmpty(_options.RevenueDistributorAddress))
        {
            contracts.Add(("RevenueDistributor", _options.RevenueDistributorAddress));
        }

        foreach (var token in _options.Tokens)
        {
            contracts.Add(("token " + (string.IsNullOrEmpty(token.Symbol) ? token.Name : token.Symbol), token.Address));
        }

        return contracts;
    }

    private void ReportInFlight()
    {
        var unmined = Entries.Where(e => e.Unmined).Sum(e => e.Rows.Count);
        _relayerMetrics.SetInFlight(_inFlight.Count, unmined, _inFlight.Count - unmined);
    }

    private void ForgetInFlight()
    {
        _inFlight.Clear();
        _deviceRows.Clear();
        _serialDevices.Clear();
        _firstSeen.Clear();
        _gap = null;
        _adopted = false;
        _lastHead = null;
    }

    /// <summary>
    /// Routes <paramref name="row"/> and builds its single call; false with the reason for a payload that cannot be read,
    /// or for a row no contract takes (<paramref name="target"/> is then <see cref="RelayTarget.None"/>).
    /// </summary>
    private bool TryCall(OutboxItem row, out RelayTarget target, out RelayCall call, out string error)
    {
        target = RelayRoute.Of(row, Addresses);
        if (target == RelayTarget.None)
        {
            call = null!;
            error = RelayRoute.NotTaken(row, Addresses);
            return false;
        }

        try
        {
            call = RelayCall.For(target, [row], Addresses);
            error = string.Empty;
            return true;
        }
        catch (FormatException exception)
        {
            call = null!;
            error = exception.Message;
            return false;
        }
    }

    /// <summary>Reads the QuorumInsurance regions of the sensors of <paramref name="rows"/> that the relayer does not know yet.</summary>
    private async Task ResolveRegionsAsync(IEnumerable<OutboxItem> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var addresses = Addresses;
        var sensors = new List<Address>();
        foreach (var row in rows)
        {
            if (RelayRoute.NeedsMembership(row, addresses, out var sensor))
            {
                sensors.Add(sensor);
            }
        }

        if (sensors.Count > 0)
        {
            await addresses.Regions.ResolveAsync(sensors, _chain, addresses.QuorumInsurance, now, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The fees the node suggests, read once per round.</summary>
    private async Task<FeeSuggestion> FeesAsync(CancellationToken cancellationToken)
    {
        if (_roundFees is { } known)
        {
            return known;
        }

        var fees = await _chain.GetFeesAsync(cancellationToken).ConfigureAwait(false);
        if (fees.NextBaseFee > _feeCap)
        {
            Log.FeeCapBelowBaseFee(_logger, Gwei(fees.NextBaseFee), _options.MaxFeePerGasGwei);
        }

        _roundFees = fees;
        return fees;
    }

    private void Finish(InFlightTransaction entry, RelayStatus status, string? transactionHash, string? error, List<RelayOutcome> outcomes)
    {
        Untrack(entry);
        foreach (var row in entry.Rows)
        {
            outcomes.Add(new RelayOutcome(row.Id, row.Device, row.Sequence, row.Kind, status, transactionHash, error, entry.Attempts + 1));
        }
    }

    private async Task FailAsync(OutboxItem row, string? transactionHash, string error, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        await _outbox.MarkFailedAsync(row.Id, transactionHash, error, cancellationToken).ConfigureAwait(false);
        Log.Failed(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, transactionHash, error);
        outcomes.Add(new RelayOutcome(row.Id, row.Device, row.Sequence, row.Kind, RelayStatus.Failed, transactionHash, error, row.Attempts + 1));
    }

    /// <summary>Ends a row <see cref="TryCall"/> refused: not relayed when no contract takes it, failed when its payload cannot be read.</summary>
    private Task EndUncallableAsync(OutboxItem row, RelayTarget target, string error, List<RelayOutcome> outcomes, CancellationToken cancellationToken) =>
        target == RelayTarget.None
            ? NotRelayedAsync(row, error, outcomes, cancellationToken)
            : FailAsync(row, row.TransactionHash, error, outcomes, cancellationToken);

    private async Task NotRelayedAsync(OutboxItem row, string reason, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        await _outbox.MarkNotRelayedAsync(row.Id, reason, cancellationToken).ConfigureAwait(false);
        Log.NotRelayed(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, reason);
        outcomes.Add(new RelayOutcome(row.Id, row.Device, row.Sequence, row.Kind, RelayStatus.NotRelayed, null, reason, row.Attempts + 1));
    }

    /// <summary>base · 2^(attempts−1), at most the configured maximum.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Min(attempts - 1, 30);
        var delay = _options.RetryBaseDelay * Math.Pow(2, exponent);
        return delay < _options.RetryMaxDelay ? delay : _options.RetryMaxDelay;
    }

    private static decimal Gwei(BigInteger wei) => (decimal)wei / 1_000_000_000m;
}
