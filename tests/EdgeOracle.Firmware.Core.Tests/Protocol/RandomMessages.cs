using System;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Tests.Protocol
{
    /// <summary>Random protocol messages with every field drawn over its whole range.</summary>
    internal static class RandomMessages
    {
        public static Observation Observation(Random random)
        {
            Observation o = new Observation();
            o.Device = Bytes(random, 20);
            o.Sequence = UInt64(random);
            o.Metric = (uint)random.NextInt64(0, 1L << 32);
            o.WindowStart = UInt64(random);
            o.WindowEnd = UInt64(random);
            o.Value = (long)UInt64(random);
            o.SampleCount = (uint)random.NextInt64(0, 1L << 32);
            o.Flags = (uint)random.NextInt64(0, 1L << 32);
            o.PrevHash = Bytes(random, 32);
            return o;
        }

        public static PaymentIntent PaymentIntent(Random random)
        {
            PaymentIntent p = new PaymentIntent();
            p.Terminal = Bytes(random, 20);
            p.Merchant = Bytes(random, 20);
            p.Token = Bytes(random, 20);
            p.Amount = UInt64(random);
            p.Expiry = UInt64(random);
            p.OrderRef = Bytes(random, 32);
            p.Sequence = UInt64(random);
            p.PrevHash = Bytes(random, 32);
            return p;
        }

        public static Eip712Domain Domain(Random random)
        {
            return new Eip712Domain("EdgeOracle-" + random.Next(1000), random.Next(1, 9) + ".0", UInt64(random), Bytes(random, 20));
        }

        public static byte[] Bytes(Random random, int length)
        {
            byte[] bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }

        public static ulong UInt64(Random random)
        {
            // Mix in the extremes: random bits rarely hit 0 or the all-ones value.
            int pick = random.Next(10);
            if (pick == 0)
            {
                return 0;
            }

            return pick == 1 ? ulong.MaxValue : BitConverter.ToUInt64(Bytes(random, 8));
        }
    }
}
