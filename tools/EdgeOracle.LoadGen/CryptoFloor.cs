using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Verification;
using Nethereum.Signer;

namespace EdgeOracle.LoadGen;

/// <summary>
/// The two references the gateway is measured against, each on all cores for the same duration: the gateway's own
/// libsecp256k1 recover (parse, recover, serialize, keccak: the cryptographic floor of a verified message) and the
/// naive managed path, Nethereum's <c>EthECKey.RecoverFromSignature</c> per message.
/// </summary>
public static class CryptoFloor
{
    /// <summary>CPU time this process used during the last loop (all threads), to express it per CPU-second.</summary>
    public static TimeSpan LastCpuTime { get; private set; }

    /// <summary>Recovers per second with the gateway's <see cref="SignatureRecovery"/> on every core.</summary>
    public static double RawRecoverPerSecond(List<(byte[] Digest, byte[] Signature)> samples, TimeSpan duration)
    {
        var parsed = samples.ConvertAll(s => (new Bytes32(s.Digest), Signature.Read(s.Signature)));
        return OnAllCores(duration, i =>
        {
            var (digest, signature) = parsed[i % parsed.Count];
            if (!SignatureRecovery.TryRecover(digest, signature, out _))
            {
                throw new InvalidOperationException("a sample did not recover");
            }
        });
    }

    /// <summary>Recovers per second with Nethereum's managed <c>EthECKey.RecoverFromSignature</c> on every core.</summary>
    public static double NaiveRecoverPerSecond(List<(byte[] Digest, byte[] Signature)> samples, TimeSpan duration) =>
        OnAllCores(duration, i =>
        {
            var (digest, bytes) = samples[i % samples.Count];
            var signature = EthECDSASignatureFactory.FromComponents(bytes[..32], bytes[32..64], bytes[64]);
            _ = EthECKey.RecoverFromSignature(signature, digest).GetPublicAddress();
        });

    private static double OnAllCores(TimeSpan duration, Action<int> work)
    {
        long done = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stop = Stopwatch.StartNew();
        var threads = new Thread[Environment.ProcessorCount];
        for (var t = 0; t < threads.Length; t++)
        {
            var offset = t * 7919;
            threads[t] = new Thread(() =>
            {
                long mine = 0;
                while (stop.Elapsed < duration)
                {
                    for (var k = 0; k < 64; k++)
                    {
                        work(offset + (int)mine++);
                    }
                }

                Interlocked.Add(ref done, mine);
            });
            threads[t].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        var elapsed = stop.Elapsed;
        LastCpuTime = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return done / elapsed.TotalSeconds;
    }
}
