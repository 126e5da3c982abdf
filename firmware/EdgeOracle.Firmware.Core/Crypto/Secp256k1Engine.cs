namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// The working state behind <see cref="Secp256k1"/>: every buffer signing and recovery need, allocated once,
    /// so that after construction neither allocates. Scalar multiplication uses fixed 4-bit windows: a table
    /// of 1G..15G in affine form (15 points, under 1 KB, small enough for a microcontroller) for the generator,
    /// and a per-call Jacobian table of 1R..15R for recovery, walked jointly with G (Shamir's trick).
    /// Not thread-safe: <see cref="Secp256k1"/> serializes access.
    /// </summary>
    internal sealed partial class Secp256k1Engine
    {
        private const int WindowBits = 4;
        private const int TableSize = 1 << WindowBits;

        internal static readonly uint[] GeneratorX =
        {
            0x16F81798, 0x59F2815B, 0x2DCE28D9, 0x029BFCDB, 0xCE870B07, 0x55A06295, 0xF9DCBBAC, 0x79BE667E,
        };

        internal static readonly uint[] GeneratorY =
        {
            0xFB10D4B8, 0x9C47D08F, 0xA6855419, 0xFD17B448, 0x0E1108A8, 0x5DA4FBFC, 0x26A3C465, 0x483ADA77,
        };

        private static readonly uint[] Seven = { 7, 0, 0, 0, 0, 0, 0, 0 };

        private readonly FieldInverter inverter = new FieldInverter();
        private readonly PointMath points;
        private readonly ScalarMath scalars = new ScalarMath();
        private readonly Rfc6979 nonces = new Rfc6979();

        private readonly uint[][] baseX = new uint[TableSize][];
        private readonly uint[][] baseY = new uint[TableSize][];
        private readonly JacobianPoint[] recoveryTable = new JacobianPoint[TableSize];
        private readonly JacobianPoint accumulator = new JacobianPoint();

        private readonly uint[] secret = new uint[8];
        private readonly uint[] nonce = new uint[8];
        private readonly uint[] message = new uint[8];
        private readonly uint[] r = new uint[8];
        private readonly uint[] s = new uint[8];
        private readonly uint[] inverse = new uint[8];
        private readonly uint[] u1 = new uint[8];
        private readonly uint[] u2 = new uint[8];
        private readonly uint[] x = new uint[8];
        private readonly uint[] y = new uint[8];
        private readonly byte[] messageBytes = new byte[32];
        private readonly byte[] nonceBytes = new byte[32];

        /// <summary>Allocates the buffers and computes the generator table (15 inversions, once).</summary>
        public Secp256k1Engine()
        {
            points = new PointMath(inverter);
            for (int i = 0; i < TableSize; i++)
            {
                baseX[i] = new uint[8];
                baseY[i] = new uint[8];
                recoveryTable[i] = new JacobianPoint();
            }

            Limbs.Copy(baseX[1], GeneratorX);
            Limbs.Copy(baseY[1], GeneratorY);
            JacobianPoint multiple = new JacobianPoint();
            multiple.SetAffine(GeneratorX, GeneratorY);
            for (int i = 2; i < TableSize; i++)
            {
                points.AddAffine(multiple, multiple, GeneratorX, GeneratorY);
                points.ToAffine(multiple, baseX[i], baseY[i]);
            }
        }

        /// <summary>Writes the 64-byte public key X || Y of a validated private key.</summary>
        public void GetPublicKey(byte[] privateKey, byte[] output, int offset)
        {
            Limbs.FromBigEndian(privateKey, 0, secret);
            MultiplyBase(accumulator, secret);
            points.ToAffine(accumulator, x, y);
            FieldMath.Write(x, output, offset);
            FieldMath.Write(y, output, offset + 32);
            Limbs.Set(secret, 0);
        }

        /// <summary>r = k G with a fixed 4-bit window over the affine generator table.</summary>
        private void MultiplyBase(JacobianPoint result, uint[] k)
        {
            result.SetInfinity();
            for (int nibble = 63; nibble >= 0; nibble--)
            {
                DoubleWindow(result);

                int window = Nibble(k, nibble);
                if (window != 0)
                {
                    points.AddAffine(result, result, baseX[window], baseY[window]);
                }
            }
        }

        // Shifts the accumulator one window left; infinity (the start of every ladder) stays as it is.
        private void DoubleWindow(JacobianPoint p)
        {
            if (p.IsInfinity)
            {
                return;
            }

            for (int i = 0; i < WindowBits; i++)
            {
                points.Double(p, p);
            }
        }

        private static int Nibble(uint[] k, int index)
        {
            return (int)((k[index >> 3] >> ((index & 7) * 4)) & 0xF);
        }
    }
}
