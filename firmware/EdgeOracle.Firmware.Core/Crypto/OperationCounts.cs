namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// The instrumentation that benchmarks and tests read to measure an algorithm rather than a machine: field
    /// multiplications (mod p, the cost of curve arithmetic) and scalar multiplications (mod n, the cost of the
    /// signature equation and of inverting the nonce). Both are plain process-wide counters, not synchronized:
    /// read them around single-threaded work.
    /// </summary>
    public static class OperationCounts
    {
        /// <summary>Field multiplications plus squarings mod p; the same counter as <see cref="FieldMath.MultiplyCount"/>.</summary>
        public static long FieldMultiplications
        {
            get { return FieldMath.MultiplyCount; }
        }

        /// <summary>Multiplications plus squarings mod n (each a 256 x 256-bit product and a reduction mod n).</summary>
        public static long ScalarMultiplications
        {
            get { return ScalarMath.MultiplyCount; }
        }

        /// <summary>Sets both counters to zero.</summary>
        public static void Reset()
        {
            FieldMath.MultiplyCount = 0;
            ScalarMath.MultiplyCount = 0;
        }
    }
}
