using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace EdgeOracle.LoadGen;

/// <summary>What a timed load phase measured.</summary>
public sealed record LoadResult(
    long Accepted, long Refused, long Errors, TimeSpan Elapsed, TimeSpan P50, TimeSpan P99, TimeSpan Max,
    TimeSpan GatewayCpu, long GatewayRssBytes, int DevicesOutOfMessages)
{
    /// <summary>Bytes the gateway allocated during the timed phase, when its metrics could be read.</summary>
    public long? GatewayAllocatedBytes { get; init; }
}

/// <summary>
/// The timed phase: every device publishes its next pre-signed observation at QoS 1 and waits for the PUBACK, which
/// the gateway sends only after the message is committed (one message in flight per device, as firmware does). Without
/// a rate the devices publish back to back (closed loop: the most the gateway accepts); with a rate each device is
/// paced to rate / devices per second.
/// </summary>
public static class LoadRun
{
    /// <summary>Runs a warm-up then the measured phase.</summary>
    public static async Task<LoadResult> RunAsync(
        GatewayProcess gateway, RawMqttDevice[] clients, SignedDevice[] devices, TimeSpan warmUp, TimeSpan duration, double? rate)
    {
        var latency = new LatencyRecorder();
        long accepted = 0, refused = 0, errors = 0, outOfMessages = 0;
        var measuring = 0;
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var interval = rate is { } r ? TimeSpan.FromSeconds(devices.Length / r) : TimeSpan.Zero;

        async Task DeviceLoopAsync(int index)
        {
            var device = devices[index];
            var client = clients[index];
            var next = clock.Elapsed + (rate is null ? TimeSpan.Zero : interval * index / devices.Length);
            foreach (var payload in device.Messages)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                if (rate is not null)
                {
                    var wait = next - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait).ConfigureAwait(false);
                    }

                    next += interval;
                }

                var sent = Stopwatch.GetTimestamp();
                try
                {
                    var reason = await client.PublishAsync(payload, stop.Token).ConfigureAwait(false);
                    if (Volatile.Read(ref measuring) == 0)
                    {
                        continue;
                    }

                    if (reason == 0)
                    {
                        latency.Record(Stopwatch.GetElapsedTime(sent));
                        Interlocked.Increment(ref accepted);
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                    return;
                }
            }

            Interlocked.Increment(ref outOfMessages);
        }

        var loops = Enumerable.Range(0, devices.Length).Select(i => Task.Run(() => DeviceLoopAsync(i))).ToArray();
        await Task.Delay(warmUp).ConfigureAwait(false);
        var allocatedBefore = await gateway.AllocatedBytesAsync().ConfigureAwait(false);
        var cpuBefore = gateway.CpuTime;
        var started = clock.Elapsed;
        Volatile.Write(ref measuring, 1);
        await Task.Delay(duration).ConfigureAwait(false);
        Volatile.Write(ref measuring, 0);
        var elapsed = clock.Elapsed - started;
        var cpu = gateway.CpuTime - cpuBefore;
        var rss = gateway.ResidentBytes;
        var allocatedAfter = await gateway.AllocatedBytesAsync().ConfigureAwait(false);
        var counts = (Interlocked.Read(ref accepted), Interlocked.Read(ref refused), Interlocked.Read(ref errors));
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);
        return new LoadResult(counts.Item1, counts.Item2, counts.Item3, elapsed,
            latency.Quantile(0.50), latency.Quantile(0.99), latency.Quantile(1.0), cpu, rss, (int)Interlocked.Read(ref outOfMessages))
        {
            // Read a moment after the phase ends (one HTTP call): what was allocated in it, and a little after.
            GatewayAllocatedBytes = allocatedAfter - allocatedBefore,
        };
    }
}
