using System;
using System.Threading;

namespace EdgeOracle.LoadGen;

/// <summary>
/// A lock-free latency histogram: 10 µs buckets up to 1 s, then one overflow bucket. Recording allocates nothing.
/// </summary>
public sealed class LatencyRecorder
{
    private const long BucketTicks = TimeSpan.TicksPerMillisecond / 100;
    private const int Buckets = 100_000;
    private readonly long[] _counts = new long[Buckets + 1];
    private long _total;

    /// <summary>Records one latency measured with <see cref="System.Diagnostics.Stopwatch"/> timestamps.</summary>
    public void Record(TimeSpan latency)
    {
        var bucket = (int)Math.Min(Buckets, latency.Ticks / BucketTicks);
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>How many latencies were recorded.</summary>
    public long Count => Interlocked.Read(ref _total);

    /// <summary>The latency at quantile <paramref name="q"/> (upper bound of its bucket).</summary>
    public TimeSpan Quantile(double q)
    {
        var total = Count;
        if (total == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i <= Buckets; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return TimeSpan.FromTicks((i + 1) * BucketTicks);
            }
        }

        return TimeSpan.FromTicks((Buckets + 1) * BucketTicks);
    }

    /// <summary>Forgets everything recorded (after the warm-up).</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        Interlocked.Exchange(ref _total, 0);
    }
}
