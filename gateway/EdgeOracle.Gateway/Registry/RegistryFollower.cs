using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Protocol.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace EdgeOracle.Gateway.Registry;

/// <summary>
/// Follows <c>DeviceRegistered</c> and <c>DeviceRevoked</c> from <see cref="RegistryFollowerOptions.StartBlock"/>, applying a
/// block's events once it has <see cref="RegistryFollowerOptions.Confirmations"/> confirmations, with the next block to
/// read stored beside the devices' states (<see cref="RegistryStore"/>). <see cref="FollowedDeviceRegistry"/> answers
/// from what was followed, so a revocation refuses the device from the first poll that sees it confirmed. When several
/// gateways share the store, each poll first loads what the others applied since, and a range of blocks another
/// gateway applied first is not applied again.
/// </summary>
public sealed partial class RegistryFollower : BackgroundService
{
    private static readonly string RegisteredTopic = Topic("DeviceRegistered(address,address,uint8)");
    private static readonly string RevokedTopic = Topic("DeviceRevoked(address,address)");

    private readonly RegistryStore _store;
    private readonly ChainConnection _connection;
    private readonly RegistryFollowerOptions _options;
    private readonly string _registry;
    private readonly ILogger<RegistryFollower> _logger;
    private readonly ConcurrentDictionary<Address, DeviceInfo> _devices = new();
    private readonly SemaphoreSlim _pollLock = new(1, 1);
    private bool _loaded;

    // The stored cursor that the devices in memory are up to date with.
    private long? _seen;

    /// <summary>Creates the follower.</summary>
    public RegistryFollower(
        RegistryStore store,
        ChainConnection connection,
        IOptions<RegistryFollowerOptions> options,
        IOptions<ChainOptions> chain,
        ILogger<RegistryFollower> logger)
    {
        _store = store;
        _connection = connection;
        _options = options.Value;
        _registry = chain.Value.DeviceRegistryAddress;
        _logger = logger;
    }

    /// <summary>The next block the follower will read (null before the first poll).</summary>
    public long? NextBlock { get; private set; }

    /// <summary>The followed state of <paramref name="device"/>, if the follower has seen an event for it.</summary>
    public bool TryGet(Address device, out DeviceInfo info) => _devices.TryGetValue(device, out info);

    /// <summary>Reads and applies every confirmed block since the cursor. Returns how many events were applied.</summary>
    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        await _pollLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await _store.GetCursorAsync(cancellationToken).ConfigureAwait(false);
            if (!_loaded || stored != _seen)
            {
                // The first poll, or another gateway sharing the store applied blocks since: take the devices it changed.
                foreach (var (device, info) in await _store.LoadDevicesAsync(_loaded ? _seen ?? 0 : 0, cancellationToken).ConfigureAwait(false))
                {
                    _devices[device] = info;
                }

                _loaded = true;
                _seen = stored;
            }

            var next = stored ?? _options.StartBlock;
            var head = (long)(await _connection.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value;
            var last = head - (_options.Confirmations - 1);
            var applied = 0;
            while (next <= last)
            {
                var to = Math.Min(last, next + _options.MaxBlockRange - 1);
                var events = await ReadAsync(next, to, cancellationToken).ConfigureAwait(false);
                if (!await _store.ApplyAsync(events, _seen, to + 1, cancellationToken).ConfigureAwait(false))
                {
                    // Another gateway applied these blocks first; the next poll loads what it stored.
                    break;
                }

                foreach (var e in events)
                {
                    var role = !e.Active && _devices.TryGetValue(e.Device, out var known) ? known.Role : e.Role;
                    _devices[e.Device] = new DeviceInfo(e.Owner, role, e.Active);
                    Log.Applied(_logger, e.Active ? "registered" : "revoked", e.Device.ToString(), e.BlockNumber);
                }

                applied += events.Count;
                next = to + 1;
                _seen = next;
            }

            NextBlock = next;
            return applied;
        }
        finally
        {
            _pollLock.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Chain or store unreachable: lookups fall back to deviceInfo; the cursor did not move.
                Log.PollFailed(_logger, exception.GetType().Name, exception.Message);
            }

            try
            {
                await Task.Delay(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _pollLock.Dispose();
        base.Dispose();
    }

    private async Task<List<RegistryEvent>> ReadAsync(long from, long to, CancellationToken cancellationToken)
    {
        var filter = new NewFilterInput
        {
            Address = [_registry],
            FromBlock = new BlockParameter(new HexBigInteger(new BigInteger(from))),
            ToBlock = new BlockParameter(new HexBigInteger(new BigInteger(to))),
            Topics = [new[] { RegisteredTopic, RevokedTopic }],
        };
        var logs = await _connection.Web3.Eth.Filters.GetLogs.SendRequestAsync(filter).WaitAsync(cancellationToken).ConfigureAwait(false);
        return logs
            .Where(l => l.Topics is { Length: 3 } && l.Removed != true)
            .OrderBy(l => l.BlockNumber.Value).ThenBy(l => l.LogIndex.Value)
            .Select(ToEvent)
            .ToList();
    }

    private static RegistryEvent ToEvent(FilterLog log)
    {
        var topic = log.Topics[0].ToString()!;
        var device = AddressFromTopic(log.Topics[1].ToString()!);
        var owner = AddressFromTopic(log.Topics[2].ToString()!);
        var block = (long)log.BlockNumber.Value;
        if (string.Equals(topic, RegisteredTopic, StringComparison.OrdinalIgnoreCase))
        {
            var role = (DeviceRole)(byte)new HexBigInteger(log.Data).Value;
            return new RegistryEvent(device, owner, role, true, block);
        }

        return new RegistryEvent(device, owner, DeviceRole.None, false, block);
    }

    private static Address AddressFromTopic(string topic) => Address.Parse("0x" + topic[^40..]);

    private static string Topic(string signature) =>
        "0x" + Convert.ToHexStringLower(Keccak256.Hash(Encoding.ASCII.GetBytes(signature)).ToArray());

    private static partial class Log
    {
        [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Registry: {Device} {What} (block {BlockNumber})")]
        public static partial void Applied(ILogger logger, string what, string device, long blockNumber);

        [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Registry poll failed ({ErrorType}): {Error}; lookups fall back to deviceInfo")]
        public static partial void PollFailed(ILogger logger, string errorType, string error);
    }
}
