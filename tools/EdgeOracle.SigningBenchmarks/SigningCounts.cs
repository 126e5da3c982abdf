using System;
using System.Diagnostics;
using System.IO;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Signing;

namespace EdgeOracle.SigningBenchmarks
{
    /// <summary>
    /// Prints what the signing cost tests assert on, measured here the same way: field (mod p) and scalar (mod n)
    /// multiplications per operation, bytes allocated per online signature after warm-up, and a rough wall time
    /// per online signature (Stopwatch over many; BenchmarkDotNet's OnlineSign is the careful figure).
    /// </summary>
    internal static class SigningCounts
    {
        private const int Rounds = 1000;

        public static int Print(TextWriter output)
        {
            byte[] key = new byte[32];
            Random random = new Random(1);
            do
            {
                random.NextBytes(key);
            }
            while (!Secp256k1.IsValidPrivateKey(key));

            byte[] digest = new byte[32];
            byte[] signature = new byte[65];
            PrecomputedSigner signer = new PrecomputedSigner(key, new SeededEntropy(2), 1, Rounds);
            Secp256k1.Sign(digest, key, signature, 0);

            OperationCounts.Reset();
            for (int i = 0; i < Rounds; i++)
            {
                digest[0] = (byte)i;
                Secp256k1.Sign(digest, key, signature, 0);
            }

            Report(output, "full signature (Secp256k1.Sign, 4-bit window)", OperationCounts.FieldMultiplications, OperationCounts.ScalarMultiplications);

            OperationCounts.Reset();
            signer.Fill();
            long offlineField = OperationCounts.FieldMultiplications;
            long offlineScalar = OperationCounts.ScalarMultiplications;
            Report(output, "offline, per pool entry (table k*G, k^-1)", offlineField, offlineScalar);

            OperationCounts.Reset();
            long before = GC.GetAllocatedBytesForCurrentThread();
            Stopwatch watch = Stopwatch.StartNew();
            for (int i = 0; i < Rounds; i++)
            {
                signer.TrySign(digest, signature, 0);
            }

            watch.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            long onlineField = OperationCounts.FieldMultiplications;
            long onlineScalar = OperationCounts.ScalarMultiplications;
            Report(output, "online, per signature", onlineField, onlineScalar);
            double share = 100.0 * (onlineField + onlineScalar) / (offlineField + offlineScalar + onlineField + onlineScalar);
            output.WriteLine("online share of a split signature's multiplications: " + share.ToString("F3") + " %");
            output.WriteLine("bytes allocated per online signature: " + ((double)allocated / Rounds).ToString("F1"));
            output.WriteLine("wall time per online signature (Stopwatch, " + Rounds + "): " + (watch.Elapsed.TotalMilliseconds * 1000 / Rounds).ToString("F2") + " us");
            Type field = typeof(FieldMath);
            Type[] two = { typeof(uint[]), typeof(uint[]), typeof(uint[]) };
            Type[] reduceArgs = new Type[17];
            reduceArgs[0] = typeof(uint[]);
            for (int i = 1; i < 17; i++)
            {
                reduceArgs[i] = typeof(uint);
            }

            int reduce = IlCount.Of(field, "Reduce", reduceArgs);
            output.WriteLine("IL instructions per field multiplication (straight-line, so executed = static): Multiply " + (IlCount.Of(field, "Multiply", two) + reduce) + ", Square " + (IlCount.Of(field, "Square", new[] { typeof(uint[]), typeof(uint[]) }) + reduce));
            OperationCounts.Reset();
            FixedBaseTable built = new FixedBaseTable(4);
            output.WriteLine("building a table (once per boot): " + OperationCounts.FieldMultiplications + " field mults, " + built.TableBytes + " bytes");
            output.WriteLine("fixed-base table: " + FixedBaseTable.Default.TableBytes + " bytes, interleave " + FixedBaseTable.Default.Interleave);
            return 0;
        }

        private static void Report(TextWriter output, string what, long field, long scalar)
        {
            output.WriteLine(what + ": " + ((double)field / Rounds).ToString("F1") + " field mults, " + ((double)scalar / Rounds).ToString("F1") + " scalar mults");
        }
    }
}
