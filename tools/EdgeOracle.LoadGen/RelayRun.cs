using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Gateway.Monitoring;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Protocol.Mqtt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Secp256k1Net;
using Observation = EdgeOracle.Protocol.Wire.Observation;
using PaymentEnvelope = EdgeOracle.Firmware.Core.Protocol.Envelope;
using PaymentIntent = EdgeOracle.Firmware.Core.Protocol.PaymentIntent;

namespace EdgeOracle.LoadGen;

/// <summary>
/// The relay benchmark (<c>relay</c> verb): a whole local system on anvil (the forge deployment, the in-process
/// gateway with its relayer), a fleet of registered sensors in QuorumInsurance regions and terminals with funded
/// customers, each device sending one message a second (80 % observations, 20 % payments), while anvil mines a block
/// every second. It prints what landed on chain per second, gas per observation and per payment as relayed (receipt
/// gasUsed ÷ items), and tap-to-pay latency (publish → gateway answer, publish → settled on chain). See README.md.
/// </summary>
public static class RelayRun
{
    private const uint Rainfall = 1;
    private const int RegionSize = 32;
    private const int ObservationItem = 122;

    /// <summary>Options of the relay run.</summary>
    public sealed record Settings(int Rate, int Seconds, int WarmUpSeconds, long GasLimit, int MaxInFlight, int BatchSize, string? GatewayLog = null)
    {
        /// <summary>
        /// Parses <c>--rate N --seconds N --warmup N --gas-limit N --max-in-flight N --batch-size N --gateway-log FILE</c>;
        /// null on a bad argument.
        /// </summary>
        public static Settings? Parse(string[] args)
        {
            Settings? settings = new Settings(2_000, 60, 10, 100_000_000, 512, 64);
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == "--gateway-log" && i + 1 < args.Length)
                {
                    settings = settings with { GatewayLog = Path.GetFullPath(args[++i]) };
                    continue;
                }

                if (i + 1 >= args.Length || !long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
                {
                    Console.Error.WriteLine($"relay: {args[i]} needs a positive number");
                    return null;
                }

                settings = args[i++] switch
                {
                    "--rate" => settings with { Rate = (int)value },
                    "--seconds" => settings with { Seconds = (int)value },
                    "--warmup" => settings with { WarmUpSeconds = (int)value },
                    "--gas-limit" => settings with { GasLimit = value },
                    "--max-in-flight" => settings with { MaxInFlight = (int)value },
                    "--batch-size" => settings with { BatchSize = (int)value },
                    _ => null,
                };
                if (settings is null)
                {
                    Console.Error.WriteLine($"relay: unknown option {args[i - 1]}");
                    return null;
                }
            }

            return settings;
        }
    }

    /// <summary>Runs the benchmark and prints its figures; returns the process exit code.</summary>
    public static async Task<int> RunAsync(Settings settings)
    {
        var sensorCount = (int)Math.Ceiling(settings.Rate * 0.8 / RegionSize) * RegionSize;
        var terminalCount = Math.Max(1, settings.Rate - sensorCount);
        var messagesEach = settings.WarmUpSeconds + settings.Seconds + 5;
        Console.WriteLine($"relay: {sensorCount} sensors in {sensorCount / RegionSize} regions of {RegionSize}, {terminalCount} terminals, one message a second each ({sensorCount + terminalCount} msg/s offered)");

        var progress = new Progress<string>(line => Console.WriteLine("system: " + line));
        using var gatewayLog = settings.GatewayLog is null ? null : new FileLog(settings.GatewayLog);
        await using var system = await LocalEdgeSystem.StartAsync(
            progress: progress,
            configureGateway: services =>
            {
                services.PostConfigure<ChainOptions>(o =>
                {
                    o.MaxInFlight = settings.MaxInFlight;
                    o.BatchSize = settings.BatchSize;
                    o.RoundGrace = TimeSpan.FromSeconds(2);
                });
                if (gatewayLog is not null)
                {
                    services.AddLogging(b => b.AddProvider(gatewayLog));
                }
            }).ConfigureAwait(false);
        await system.Anvil.RpcAsync("evm_setBlockGasLimit", "0x" + settings.GasLimit.ToString("x", CultureInfo.InvariantCulture)).ConfigureAwait(false);

        // Provisioning, one transaction after another while anvil mines each at once.
        var provisioning = Stopwatch.StartNew();
        var sensors = new DeviceKey[sensorCount];
        for (var i = 0; i < sensorCount; i++)
        {
            sensors[i] = await system.ProvisionSensorAsync().ConfigureAwait(false);
            if ((i + 1) % 400 == 0)
            {
                Console.WriteLine($"provision: {i + 1}/{sensorCount} sensors registered ({provisioning.Elapsed.TotalSeconds:F0} s)");
            }
        }

        for (var r = 0; r < sensorCount / RegionSize; r++)
        {
            var region = await system.Deployer.CreateRegionAsync(sensors.Skip(r * RegionSize).Take(RegionSize).Select(s => s.Address)).ConfigureAwait(false);
            await system.Deployer.CreateProductAsync(new ProductTerms
            {
                Region = region,
                Metric = Rainfall,
                Quorum = RegionSize / 2,
                Direction = 0,
                WindowLength = 1,
                Staleness = 120,
                PremiumBps = 500,
                Trigger = 5_000,
                Exit = 1_000,
                WaitingPeriod = 0,
                MaxCoverage = 3_600,
                MinSumInsured = 1,
            }).ConfigureAwait(false);
        }

        var terminals = new DeviceKey[terminalCount];
        var customers = new DeviceKey[terminalCount];
        BigInteger amount = 1_000_000;
        for (var i = 0; i < terminalCount; i++)
        {
            terminals[i] = await system.ProvisionTerminalAsync().ConfigureAwait(false);
            customers[i] = await system.FundCustomerAsync(amount * (messagesEach + 1)).ConfigureAwait(false);
        }

        Console.WriteLine($"provision: {sensorCount} sensors, {sensorCount / RegionSize} regions and products, {terminalCount} terminals and funded customers in {provisioning.Elapsed.TotalSeconds:F0} s");

        // Every message of the run, signed before anything is timed: the payments first (the terminal's firmware signer
        // and the customer's wallet, the slow part), then the observations, each for the one-second window that ends
        // at second k of the run and published in the second after it; the run starts once all are signed and every
        // device had time to connect.
        var signing = Stopwatch.StartNew();
        var payments = new (byte[] Submission, string Digest)[terminalCount][];
        Parallel.For(0, terminalCount, i => payments[i] = SignPayments(system, terminals[i], customers[i], amount, messagesEach));
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 15 + ((sensorCount + terminalCount) / 100);
        var domain = Eip712Domain.ForDevices(system.Deployment.ChainId, Address.Parse(system.Deployment.DeviceRegistry));
        var observations = new byte[sensorCount][][];
        Parallel.For(0, sensorCount, i => observations[i] = SignObservations(sensors[i], domain, (ulong)start, messagesEach));
        Console.WriteLine($"signing: {terminalCount * messagesEach} payments and {sensorCount * messagesEach} observations in {signing.Elapsed.TotalSeconds:F0} s");

        // Every device connects to the gateway's device endpoint.
        var devices = sensors.Select((s, i) => (Key: s, Topic: Topics.Observations(Address.Parse(s.Address)), Messages: observations[i].Select(m => (m, string.Empty)).ToArray()))
            .Concat(terminals.Select((t, i) => (Key: t, Topic: Topics.Payments(Address.Parse(t.Address)), Messages: payments[i])))
            .ToArray();
        var clients = new RawMqttDevice[devices.Length];
        using (var gate = new SemaphoreSlim(50))
        {
            await Task.WhenAll(devices.Select(async (d, i) =>
            {
                await gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    clients[i] = await RawMqttDevice.ConnectAsync("127.0.0.1", system.DevicePort, d.Key.Address, d.Topic, false, null, CancellationToken.None).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
        }

        // From here anvil mines a block every second, as a chain with 1-second blocks does.
        var wait = start - DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (wait < 2)
        {
            Console.Error.WriteLine($"relay: connecting took {2 - wait} s longer than allowed; the first windows would be sent late. Try again with fewer devices.");
            return 1;
        }

        Console.WriteLine($"load: {devices.Length} devices connected; anvil mines a block a second, gas limit {settings.GasLimit:N0}; starting in {wait} s");
        await system.Anvil.RpcAsync("evm_setAutomine", false).ConfigureAwait(false);
        await system.Anvil.RpcAsync("evm_setIntervalMining", 1).ConfigureAwait(false);

        var metrics = system.Gateway.Services.GetRequiredService<GatewayMetrics>();
        var published = new ConcurrentDictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var answerLatencies = new ConcurrentBag<double>();
        long accepted = 0, refused = 0;
        using var stop = new CancellationTokenSource();
        var settled = FollowSettlementsAsync(system, published, stop.Token);

        var loops = devices.Select((d, i) => Task.Run(async () =>
        {
            // Spread the devices over the second.
            var offset = TimeSpan.FromMilliseconds(50 + (900.0 * i / devices.Length));
            for (var k = 0; k < d.Messages.Length; k++)
            {
                var due = DateTimeOffset.FromUnixTimeSeconds(start + k + 1) + offset;
                var delay = due - DateTimeOffset.UtcNow;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay).ConfigureAwait(false);
                }

                var (payload, digest) = d.Messages[k];
                var sent = Stopwatch.GetTimestamp();
                if (digest.Length > 0)
                {
                    published[digest] = sent;
                }

                var reason = await clients[i].PublishAsync(payload, CancellationToken.None).ConfigureAwait(false);
                if (digest.Length > 0 && k >= settings.WarmUpSeconds && k < settings.WarmUpSeconds + settings.Seconds)
                {
                    answerLatencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }

                Interlocked.Increment(ref reason == 0 ? ref accepted : ref refused);
            }
        })).ToArray();

        // The measured window: after the warm-up, for --seconds.
        await Task.Delay(DateTimeOffset.FromUnixTimeSeconds(start + 1 + settings.WarmUpSeconds) - DateTimeOffset.UtcNow).ConfigureAwait(false);
        var relayedBefore = metrics.Snapshot().Relayed;
        var firstBlock = await BlockNumberAsync(system).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(settings.Seconds)).ConfigureAwait(false);
        var relayedAfter = metrics.Snapshot().Relayed;
        var lastBlock = await BlockNumberAsync(system).ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);

        // Let the relayer finish what was accepted (bounded), then read the blocks of the window.
        for (var deadline = DateTime.UtcNow.AddSeconds(60); metrics.Snapshot().Relayed + metrics.Snapshot().RelayFailed < Interlocked.Read(ref accepted) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(500).ConfigureAwait(false);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        var settledLatencies = await settled.ConfigureAwait(false);
        var gas = await GasAsync(system, firstBlock + 1, lastBlock).ConfigureAwait(false);

        var landed = (relayedAfter - relayedBefore) / (double)settings.Seconds;
        var final = metrics.Snapshot();
        Console.WriteLine($"load: published {accepted + refused}, accepted {accepted}, refused {refused}; relayed {final.Relayed}, failed {final.RelayFailed}");
        Console.WriteLine($"relay: {landed:F0} device messages landed on chain per second over {settings.Seconds} s (goal >= 2,000; offered {devices.Length}/s), blocks {firstBlock + 1}-{lastBlock}");
        Console.WriteLine($"relay: blocks used {gas.BlockGas / Math.Max(1, lastBlock - firstBlock):N0} gas on average, {gas.MaxBlockGas:N0} at most, of the {settings.GasLimit:N0} limit; {gas.Transactions} relay transactions");
        var perObservation = gas.Observations == 0 ? 0 : gas.ObservationGas / (double)gas.Observations;
        var perPayment = gas.Payments == 0 ? 0 : gas.PaymentGas / (double)gas.Payments;
        Console.WriteLine($"gas: {perObservation:N0} per observation ({gas.Observations} in {gas.Rounds} rounds; goal <= 15,000), {perPayment:N0} per payment ({gas.Payments} in {gas.Batches} batches; goal <= 60,000)");
        if (perObservation > 0 && perPayment > 0)
        {
            var mixed = (0.8 * perObservation) + (0.2 * perPayment);
            Console.WriteLine($"gas: at 30,000,000 gas per 1-s block (mainnet-like) this mix fits {30_000_000 / mixed:F0} messages a second");
        }

        Console.WriteLine($"latency: payment publish -> gateway answer p50 {Percentile(answerLatencies, 0.50):F1} ms, p95 {Percentile(answerLatencies, 0.95):F1} ms (goal p95 <= 150 ms; fleet at {devices.Length} msg/s, not 10,000)");
        Console.WriteLine($"latency: payment publish -> settled on chain (1-s blocks, 1 confirmation) p50 {Percentile(settledLatencies, 0.50):F0} ms, p95 {Percentile(settledLatencies, 0.95):F0} ms over {settledLatencies.Count} payments (goal p95 <= 2,000 ms)");
        foreach (var client in clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        return 0;
    }

    private static byte[][] SignObservations(DeviceKey sensor, Eip712Domain domain, ulong start, int count)
    {
        using var secp = new Secp256k1();
        var address = Address.Parse(sensor.Address);
        var messages = new byte[count][];
        var prev = Bytes32.Zero;
        for (var k = 0; k < count; k++)
        {
            var windowEnd = start + (ulong)k + 1;
            var observation = new Observation(address, (ulong)(k + 1), Rainfall, windowEnd - 1, windowEnd, 800 + RandomNumberGenerator.GetInt32(400), 1, 0, prev);
            var digest = domain.Digest(TypedDataHasher.StructHash(observation));
            messages[k] = SignedFleet.Encode(secp, observation, digest, sensor.PrivateKey, domain);
            prev = digest;
        }

        return messages;
    }

    // The terminal's intent (what its firmware signs) and the customer's EIP-3009 authorization of it (what the
    // wallet signs), both with libsecp256k1: the firmware's and the wallet's own signers take milliseconds each.
    private static (byte[], string)[] SignPayments(LocalEdgeSystem system, DeviceKey terminal, DeviceKey customer, BigInteger amount, int count)
    {
        using var secp = new Secp256k1();
        var domain = EdgeOracle.Firmware.Core.Protocol.Eip712Domain.ForDeployment(system.Deployment.ChainId, system.Deployment.DeviceRegistry.HexToByteArray());
        var tokenDomain = new Eip712Domain("Test USD", "1", system.Deployment.ChainId, Address.Parse(system.Deployment.Stablecoin));
        var hub = Address.Parse(system.Deployment.PaymentHub);
        var payer = Address.Parse(customer.Address);
        var payments = new (byte[], string)[count];
        var prev = new byte[32];
        var expiry = (ulong)DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds();
        Span<byte> signature = stackalloc byte[65];
        for (var k = 0; k < count; k++)
        {
            var intent = new PaymentIntent
            {
                Terminal = terminal.Address.HexToByteArray(),
                Merchant = system.Merchant.From.HexToByteArray(),
                Token = system.Deployment.Stablecoin.HexToByteArray(),
                Amount = (ulong)amount,
                Expiry = expiry,
                Sequence = (ulong)(k + 1),
                PrevHash = prev,
                OrderRef = EdgeOracle.Emulator.Devices.EmulatedTerminal.OrderRefFor($"bench-{terminal.Address}-{k}"),
            };
            var digest = intent.Digest(domain);
            SignedFleet.Sign(secp, new Bytes32(digest), terminal.PrivateKey, signature);
            var envelope = PaymentEnvelope.EncodePaymentIntent(intent, domain, signature.ToArray());
            var authorization = tokenDomain.Digest(TypedDataHasher.ReceiveWithAuthorizationHash(
                payer, hub, Bytes32.FromUnsignedInteger(amount), 0, expiry, new Bytes32(digest)));
            SignedFleet.Sign(secp, authorization, customer.PrivateKey, signature);
            payments[k] = (PaymentEnvelope.EncodeSubmission(envelope, payer.ToArray(), 0, expiry, signature.ToArray()), digest.ToHex(true));
            prev = digest;
        }

        return payments;
    }

    // PaymentSettled(digest indexed, …): the time each published payment was seen settled, by polling new blocks.
    private static async Task<List<double>> FollowSettlementsAsync(LocalEdgeSystem system, ConcurrentDictionary<string, long> published, CancellationToken stop)
    {
        var topic = EdgeOracle.Gateway.Keepers.KeeperAbi.Topic("PaymentSettled(bytes32,address,address,address,address,uint256,uint256,bytes32)");
        var latencies = new List<double>();
        var next = await BlockNumberAsync(system).ConfigureAwait(false) + 1;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(100, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var head = await BlockNumberAsync(system).ConfigureAwait(false);
            if (head < next)
            {
                continue;
            }

            var logs = await system.Deployer.Web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
            {
                Address = [system.Deployment.PaymentHub],
                FromBlock = new BlockParameter(new Nethereum.Hex.HexTypes.HexBigInteger(next)),
                ToBlock = new BlockParameter(new Nethereum.Hex.HexTypes.HexBigInteger(head)),
                Topics = [topic],
            }).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            foreach (var log in logs)
            {
                if (published.TryRemove(log.Topics[1].ToString()!, out var sent))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
                }
            }

            next = head + 1;
        }

        return latencies;
    }

    private static async Task<long> BlockNumberAsync(LocalEdgeSystem system) =>
        (long)(await system.Deployer.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().ConfigureAwait(false)).Value;

    private sealed record GasTally(long BlockGas, long MaxBlockGas, int Transactions, long ObservationGas, long Observations, int Rounds, long PaymentGas, long Payments, int Batches);

    // The relayer's transactions in blocks first..last: gasUsed by target, items from the call data.
    private static async Task<GasTally> GasAsync(LocalEdgeSystem system, long first, long last)
    {
        var relayer = new Nethereum.Web3.Accounts.Account(DevAccounts.Relayer).Address;
        var quorum = system.Deployment.QuorumInsurance;
        var hub = system.Deployment.PaymentHub;
        long blockGas = 0, maxBlockGas = 0, observationGas = 0, observations = 0, paymentGas = 0, paymentCount = 0;
        int transactions = 0, rounds = 0, batches = 0;
        for (var n = first; n <= last; n++)
        {
            var block = await system.Deployer.Web3.Eth.Blocks.GetBlockWithTransactionsByNumber.SendRequestAsync(
                new BlockParameter(new Nethereum.Hex.HexTypes.HexBigInteger(n))).ConfigureAwait(false);
            blockGas += (long)block.GasUsed.Value;
            maxBlockGas = Math.Max(maxBlockGas, (long)block.GasUsed.Value);
            foreach (var tx in block.Transactions.Where(t => string.Equals(t.From, relayer, StringComparison.OrdinalIgnoreCase)))
            {
                var receipt = await system.Deployer.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(tx.TransactionHash).ConfigureAwait(false);
                if (receipt.Status?.Value != 1)
                {
                    continue;
                }

                transactions++;
                var input = tx.Input.HexToByteArray();
                var used = (long)receipt.GasUsed.Value;
                if (string.Equals(tx.To, quorum, StringComparison.OrdinalIgnoreCase) && input.Length > 4 + (32 * 6))
                {
                    // submitRound(uint32, uint32, uint64, uint64, bytes): the bytes' length is the word at its offset.
                    var offset = (int)Word(input, 4 + (32 * 4));
                    observations += (long)Word(input, 4 + offset) / ObservationItem;
                    observationGas += used;
                    rounds++;
                }
                else if (string.Equals(tx.To, hub, StringComparison.OrdinalIgnoreCase) && input.Length > 4 + (32 * 3))
                {
                    // settleBatch(PaymentIntent[], bytes[], CustomerAuthorization[]): the first array's length.
                    var offset = (int)Word(input, 4);
                    paymentCount += (long)Word(input, 4 + offset);
                    paymentGas += used;
                    batches++;
                }
            }
        }

        return new GasTally(blockGas, maxBlockGas, transactions, observationGas, observations, rounds, paymentGas, paymentCount, batches);
    }

    private static BigInteger Word(byte[] data, int at) => new(data.AsSpan(at, 32), isUnsigned: true, isBigEndian: true);

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
