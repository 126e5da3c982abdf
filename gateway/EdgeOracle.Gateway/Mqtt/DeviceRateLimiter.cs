using System;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeOracle.Gateway.Mqtt;

/// <summary>
/// A token bucket per client id: <c>rate</c> publishes per second on average, bursts up to <c>burst</c>. A publish over
/// the limit is refused (RateLimited) before any signature is checked, so a flooding device costs almost nothing.
/// </summary>
internal sealed class DeviceRateLimiter(double ratePerSecond, double burst)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Whether the limiter is on (a rate of 0 turns it off).</summary>
    public bool Enabled => ratePerSecond > 0;

    /// <summary>Takes one token for <paramref name="clientId"/>; false when its bucket is empty.</summary>
    public bool TryAcquire(string clientId)
    {
        if (!Enabled)
        {
            return true;
        }

        var bucket = _buckets.GetOrAdd(clientId, static (_, b) => new Bucket(b), burst);
        return bucket.TryTake(ratePerSecond, burst);
    }

    /// <summary>Forgets a client's bucket when it disconnects.</summary>
    public void Forget(string clientId) => _buckets.TryRemove(clientId, out _);

    private sealed class Bucket(double tokens)
    {
        private double _tokens = tokens;
        private readonly System.Threading.Lock _gate = new();
        private long _last = Stopwatch.GetTimestamp();

        public bool TryTake(double rate, double burst)
        {
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                _tokens = Math.Min(burst, _tokens + (Stopwatch.GetElapsedTime(_last, now).TotalSeconds * rate));
                _last = now;
                if (_tokens < 1)
                {
                    return false;
                }

                _tokens -= 1;
                return true;
            }
        }
    }
}
