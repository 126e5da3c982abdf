using System;
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Signing
{
    /// <summary>
    /// A precomputed table of multiples of the generator G that computes k·G with 64 mixed additions and only
    /// 4·(interleave - 1) doublings, instead of 256 doublings and 64 additions for a plain 4-bit window.
    /// </summary>
    /// <remarks>
    /// <para>
    /// k is cut into 64 nibbles k_t (k = Σ k_t·16^t). Row i of the table holds j·16^(m·i)·G for j = 1..15 in
    /// affine form, where m is the interleave, so nibble t = m·i + r is served by row i and contributes
    /// 16^r·T[i][k_t]. Horner over r = m-1..0 (four doublings between steps) sums everything: k·G costs
    /// 64 madd (7M + 4S each) plus 4·(m - 1) doublings (2M + 5S each), and one inversion to leave Jacobian form.
    /// </para>
    /// <para>
    /// Memory is 64/m rows of 15 points of 64 bytes: m = 4 (the default) is 15 KB, m = 8 is 7.5 KB for 28 more
    /// doublings (196 field multiplications). Building the table costs 256 doublings, 15·64/m additions and one
    /// batched inversion per row (Montgomery's trick), once per boot; it could also be stored in flash as
    /// constant data. Not constant-time (see <see cref="Secp256k1"/>). Not thread-safe: each user holds its own
    /// scratch through <see cref="Multiply"/>'s caller, and the table itself is read-only after construction.
    /// </para>
    /// </remarks>
    public sealed class FixedBaseTable
    {
        private const int Multiples = 15;

        private static readonly object DefaultSync = new object();
        private static FixedBaseTable? defaultTable;

        private readonly int interleave;
        private readonly int rows;
        private readonly uint[][] tableX;
        private readonly uint[][] tableY;

        // Scratch for the public-key helper only; Multiply itself uses the caller's PointMath.
        private readonly object sync = new object();
        private readonly FieldInverter inverter = new FieldInverter();
        private readonly PointMath points;
        private readonly JacobianPoint accumulator = new JacobianPoint();
        private readonly uint[] scalar = new uint[8];
        private readonly uint[] x = new uint[8];
        private readonly uint[] y = new uint[8];

        /// <summary>Builds the table for an interleave of 1, 2, 4, 8 or 16 (rows = 64 / interleave).</summary>
        /// <param name="interleave">Nibble positions served per row; higher is smaller and slower.</param>
        /// <exception cref="ArgumentException">The interleave does not divide 64.</exception>
        public FixedBaseTable(int interleave)
        {
            if (interleave != 1 && interleave != 2 && interleave != 4 && interleave != 8 && interleave != 16)
            {
                throw new ArgumentException("interleave must be 1, 2, 4, 8 or 16", nameof(interleave));
            }

            this.interleave = interleave;
            rows = 64 / interleave;
            tableX = new uint[rows * Multiples][];
            tableY = new uint[rows * Multiples][];
            points = new PointMath(inverter);
            Build();
        }

        /// <summary>The table with interleave 4 (15 KB), built on first use and shared.</summary>
        public static FixedBaseTable Default
        {
            get
            {
                lock (DefaultSync)
                {
                    if (defaultTable == null)
                    {
                        defaultTable = new FixedBaseTable(4);
                    }

                    return defaultTable;
                }
            }
        }

        /// <summary>Nibble positions served per row.</summary>
        public int Interleave
        {
            get { return interleave; }
        }

        /// <summary>Bytes of point data in the table (64 per affine point).</summary>
        public int TableBytes
        {
            get { return rows * Multiples * 64; }
        }

        /// <summary>
        /// Computes the public key X || Y of a valid private key through the table (used by tests to check the
        /// table against the plain ladder of <see cref="Secp256k1.GetPublicKey(byte[])"/>).
        /// </summary>
        /// <param name="privateKey">A valid 32-byte private key.</param>
        /// <param name="output">Receives 64 bytes.</param>
        /// <param name="offset">Where they go.</param>
        /// <exception cref="ArgumentException">The key is invalid or the output too small.</exception>
        public void GetPublicKey(byte[] privateKey, byte[] output, int offset)
        {
            if (!Secp256k1.IsValidPrivateKey(privateKey))
            {
                throw new ArgumentException("private key must be 32 bytes in [1, n - 1]", nameof(privateKey));
            }

            if (output == null || offset < 0 || offset > output.Length - 64)
            {
                throw new ArgumentException("output too small for 64 bytes at the offset", nameof(output));
            }

            lock (sync)
            {
                Limbs.FromBigEndian(privateKey, 0, scalar);
                Multiply(points, accumulator, scalar);
                points.ToAffine(accumulator, x, y);
                FieldMath.Write(x, output, offset);
                FieldMath.Write(y, output, offset + 32);
                Limbs.Set(scalar, 0);
            }
        }

        /// <summary>result = k·G (Jacobian) for a scalar k in limbs, using the caller's point arithmetic.</summary>
        internal void Multiply(PointMath math, JacobianPoint result, uint[] k)
        {
            result.SetInfinity();
            for (int r = interleave - 1; r >= 0; r--)
            {
                if (r != interleave - 1 && !result.IsInfinity)
                {
                    math.Double(result, result);
                    math.Double(result, result);
                    math.Double(result, result);
                    math.Double(result, result);
                }

                for (int i = 0; i < rows; i++)
                {
                    int t = (i * interleave) + r;
                    int window = (int)((k[t >> 3] >> ((t & 7) * 4)) & 0xF);
                    if (window != 0)
                    {
                        int at = (i * Multiples) + window - 1;
                        math.AddAffine(result, result, tableX[at], tableY[at]);
                    }
                }
            }
        }

        private void Build()
        {
            JacobianPoint[] multiples = new JacobianPoint[Multiples];
            uint[][] prefix = new uint[Multiples][];
            for (int j = 0; j < Multiples; j++)
            {
                multiples[j] = new JacobianPoint();
                prefix[j] = new uint[8];
            }

            uint[] baseX = new uint[8];
            uint[] baseY = new uint[8];
            uint[] inverse = new uint[8];
            uint[] zInverse = new uint[8];
            uint[] square = new uint[8];
            JacobianPoint next = new JacobianPoint();
            Limbs.Copy(baseX, Secp256k1Engine.GeneratorX);
            Limbs.Copy(baseY, Secp256k1Engine.GeneratorY);
            for (int i = 0; i < rows; i++)
            {
                // multiples[j] = (j + 1)·B for the row's base B = 16^(m·i)·G, in Jacobian form.
                multiples[0].SetAffine(baseX, baseY);
                for (int j = 1; j < Multiples; j++)
                {
                    points.AddAffine(multiples[j], multiples[j - 1], baseX, baseY);
                }

                // Montgomery's trick: one inversion for the row's 15 Z coordinates.
                Limbs.Copy(prefix[0], multiples[0].Z);
                for (int j = 1; j < Multiples; j++)
                {
                    FieldMath.Multiply(prefix[j], prefix[j - 1], multiples[j].Z);
                }

                inverter.Invert(inverse, prefix[Multiples - 1]);
                for (int j = Multiples - 1; j >= 0; j--)
                {
                    if (j > 0)
                    {
                        FieldMath.Multiply(zInverse, inverse, prefix[j - 1]);
                        FieldMath.Multiply(inverse, inverse, multiples[j].Z);
                    }
                    else
                    {
                        Limbs.Copy(zInverse, inverse);
                    }

                    int at = (i * Multiples) + j;
                    tableX[at] = new uint[8];
                    tableY[at] = new uint[8];
                    FieldMath.Square(square, zInverse);
                    FieldMath.Multiply(tableX[at], multiples[j].X, square);
                    FieldMath.Multiply(square, square, zInverse);
                    FieldMath.Multiply(tableY[at], multiples[j].Y, square);
                }

                // The next row's base: 16^m·B, by 4·m doublings.
                next.SetAffine(baseX, baseY);
                for (int d = 0; d < 4 * interleave; d++)
                {
                    points.Double(next, next);
                }

                points.ToAffine(next, baseX, baseY);
            }
        }
    }
}
