namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <content>
    /// Multiplication and squaring modulo p, written out column by column (product scanning) over locals:
    /// no scratch array, so they allocate nothing, are thread-safe, and accept r aliasing a or b.
    /// </content>
    public static partial class FieldMath
    {
        /// <summary>r = a * b mod p. Counts one field multiplication.</summary>
        /// <param name="r">Receives the product; may be <paramref name="a"/> or <paramref name="b"/>.</param>
        /// <param name="a">A reduced field element.</param>
        /// <param name="b">A reduced field element.</param>
        public static void Multiply(uint[] r, uint[] a, uint[] b)
        {
            multiplyCount++;
            uint a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
            uint b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7];
            ulong t, lo = 0, hi = 0;
            t = (ulong)a0 * b0; lo += (uint)t; hi += t >> 32;
            uint w0 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * b1; lo += (uint)t; hi += t >> 32;
            t = (ulong)a1 * b0; lo += (uint)t; hi += t >> 32;
            uint w1 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * b2; lo += (uint)t; hi += t >> 32;
            t = (ulong)a1 * b1; lo += (uint)t; hi += t >> 32;
            t = (ulong)a2 * b0; lo += (uint)t; hi += t >> 32;
            uint w2 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * b3; lo += (uint)t; hi += t >> 32;
            t = (ulong)a1 * b2; lo += (uint)t; hi += t >> 32;
            t = (ulong)a2 * b1; lo += (uint)t; hi += t >> 32;
            t = (ulong)a3 * b0; lo += (uint)t; hi += t >> 32;
            uint w3 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * b4; lo += (uint)t; hi += t >> 32;
            t = (ulong)a1 * b3; lo += (uint)t; hi += t >> 32;
            t = (ulong)a2 * b2; lo += (uint)t; hi += t >> 32;
            t = (ulong)a3 * b1; lo += (uint)t; hi += t >> 32;
            t = (ulong)a4 * b0; lo += (uint)t; hi += t >> 32;
            uint w4 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * b5; lo += (uint)t; hi += t >> 32;
            t = (ulong)a1 * b4; lo += (uint)t; hi += t >> 32;
            t = (ulong)a2 * b3; lo += (uint)t; hi += t >> 32;
            t = (ulong)a3 * b2; lo += (uint)t; hi += t >> 32;
            t = (ulong)a4 * b1; lo += (uint)t; hi += t >> 32;
            t = (ulong)a5 * b0; lo += (uint)t; hi += t >> 32;
            uint w5 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * b6; lo += (uint)t; hi += t >> 32;
            t = (ulong)a1 * b5; lo += (uint)t; hi += t >> 32;
            t = (ulong)a2 * b4; lo += (uint)t; hi += t >> 32;
            t = (ulong)a3 * b3; lo += (uint)t; hi += t >> 32;
            t = (ulong)a4 * b2; lo += (uint)t; hi += t >> 32;
            t = (ulong)a5 * b1; lo += (uint)t; hi += t >> 32;
            t = (ulong)a6 * b0; lo += (uint)t; hi += t >> 32;
            uint w6 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * b7; lo += (uint)t; hi += t >> 32;
            t = (ulong)a1 * b6; lo += (uint)t; hi += t >> 32;
            t = (ulong)a2 * b5; lo += (uint)t; hi += t >> 32;
            t = (ulong)a3 * b4; lo += (uint)t; hi += t >> 32;
            t = (ulong)a4 * b3; lo += (uint)t; hi += t >> 32;
            t = (ulong)a5 * b2; lo += (uint)t; hi += t >> 32;
            t = (ulong)a6 * b1; lo += (uint)t; hi += t >> 32;
            t = (ulong)a7 * b0; lo += (uint)t; hi += t >> 32;
            uint w7 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a1 * b7; lo += (uint)t; hi += t >> 32;
            t = (ulong)a2 * b6; lo += (uint)t; hi += t >> 32;
            t = (ulong)a3 * b5; lo += (uint)t; hi += t >> 32;
            t = (ulong)a4 * b4; lo += (uint)t; hi += t >> 32;
            t = (ulong)a5 * b3; lo += (uint)t; hi += t >> 32;
            t = (ulong)a6 * b2; lo += (uint)t; hi += t >> 32;
            t = (ulong)a7 * b1; lo += (uint)t; hi += t >> 32;
            uint w8 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a2 * b7; lo += (uint)t; hi += t >> 32;
            t = (ulong)a3 * b6; lo += (uint)t; hi += t >> 32;
            t = (ulong)a4 * b5; lo += (uint)t; hi += t >> 32;
            t = (ulong)a5 * b4; lo += (uint)t; hi += t >> 32;
            t = (ulong)a6 * b3; lo += (uint)t; hi += t >> 32;
            t = (ulong)a7 * b2; lo += (uint)t; hi += t >> 32;
            uint w9 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a3 * b7; lo += (uint)t; hi += t >> 32;
            t = (ulong)a4 * b6; lo += (uint)t; hi += t >> 32;
            t = (ulong)a5 * b5; lo += (uint)t; hi += t >> 32;
            t = (ulong)a6 * b4; lo += (uint)t; hi += t >> 32;
            t = (ulong)a7 * b3; lo += (uint)t; hi += t >> 32;
            uint w10 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a4 * b7; lo += (uint)t; hi += t >> 32;
            t = (ulong)a5 * b6; lo += (uint)t; hi += t >> 32;
            t = (ulong)a6 * b5; lo += (uint)t; hi += t >> 32;
            t = (ulong)a7 * b4; lo += (uint)t; hi += t >> 32;
            uint w11 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a5 * b7; lo += (uint)t; hi += t >> 32;
            t = (ulong)a6 * b6; lo += (uint)t; hi += t >> 32;
            t = (ulong)a7 * b5; lo += (uint)t; hi += t >> 32;
            uint w12 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a6 * b7; lo += (uint)t; hi += t >> 32;
            t = (ulong)a7 * b6; lo += (uint)t; hi += t >> 32;
            uint w13 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a7 * b7; lo += (uint)t; hi += t >> 32;
            uint w14 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            uint w15 = (uint)lo;
            Reduce(r, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15);
        }

        /// <summary>r = a * a mod p. Counts one field multiplication.</summary>
        /// <param name="r">Receives the square; may be <paramref name="a"/>.</param>
        /// <param name="a">A reduced field element.</param>
        public static void Square(uint[] r, uint[] a)
        {
            multiplyCount++;
            uint a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
            ulong t, lo = 0, hi = 0;
            t = (ulong)a0 * a0; lo += (uint)t; hi += t >> 32;
            uint w0 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * a1; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            uint w1 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * a2; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a1 * a1; lo += (uint)t; hi += t >> 32;
            uint w2 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * a3; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a1 * a2; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            uint w3 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * a4; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a1 * a3; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a2 * a2; lo += (uint)t; hi += t >> 32;
            uint w4 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * a5; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a1 * a4; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a2 * a3; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            uint w5 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * a6; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a1 * a5; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a2 * a4; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a3 * a3; lo += (uint)t; hi += t >> 32;
            uint w6 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a0 * a7; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a1 * a6; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a2 * a5; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a3 * a4; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            uint w7 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a1 * a7; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a2 * a6; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a3 * a5; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a4 * a4; lo += (uint)t; hi += t >> 32;
            uint w8 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a2 * a7; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a3 * a6; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a4 * a5; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            uint w9 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a3 * a7; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a4 * a6; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a5 * a5; lo += (uint)t; hi += t >> 32;
            uint w10 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a4 * a7; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a5 * a6; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            uint w11 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a5 * a7; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            t = (ulong)a6 * a6; lo += (uint)t; hi += t >> 32;
            uint w12 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a6 * a7; lo += (ulong)(uint)t << 1; hi += (t >> 32) << 1;
            uint w13 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            t = (ulong)a7 * a7; lo += (uint)t; hi += t >> 32;
            uint w14 = (uint)lo; lo = (lo >> 32) + hi; hi = 0;
            uint w15 = (uint)lo;
            Reduce(r, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15);
        }

        // Folds a 512-bit product w15..w0 to a reduced element, using 2^256 = 2^32 + 977 (mod p): the high
        // half H joins the low half as H * 977 + (H << 32), what spills past 2^256 is folded once more, and a
        // last conditional subtraction of p makes the result canonical.
        private static void Reduce(uint[] r, uint w0, uint w1, uint w2, uint w3, uint w4, uint w5, uint w6, uint w7, uint w8, uint w9, uint w10, uint w11, uint w12, uint w13, uint w14, uint w15)
        {
            // Column k takes L[k] + H[k] * 977 + H[k - 1]; the shifted half H << 32 adds nothing to column 0.
            ulong c = (ulong)w0 + ((ulong)w8 * 977);
            uint r0 = (uint)c;
            c = (c >> 32) + w1 + ((ulong)w9 * 977) + w8;
            uint r1 = (uint)c;
            c = (c >> 32) + w2 + ((ulong)w10 * 977) + w9;
            uint r2 = (uint)c;
            c = (c >> 32) + w3 + ((ulong)w11 * 977) + w10;
            uint r3 = (uint)c;
            c = (c >> 32) + w4 + ((ulong)w12 * 977) + w11;
            uint r4 = (uint)c;
            c = (c >> 32) + w5 + ((ulong)w13 * 977) + w12;
            uint r5 = (uint)c;
            c = (c >> 32) + w6 + ((ulong)w14 * 977) + w13;
            uint r6 = (uint)c;
            c = (c >> 32) + w7 + ((ulong)w15 * 977) + w14;
            uint r7 = (uint)c;
            c = (c >> 32) + w15;

            // c < 2^34 is what spilled over 2^256; fold it in as c * 977 + (c << 32).
            ulong d = (ulong)r0 + (c * 977);
            r0 = (uint)d;
            d = (d >> 32) + r1 + c;
            r1 = (uint)d;
            d = (d >> 32) + r2;
            r2 = (uint)d;
            d = (d >> 32) + r3;
            r3 = (uint)d;
            d = (d >> 32) + r4;
            r4 = (uint)d;
            d = (d >> 32) + r5;
            r5 = (uint)d;
            d = (d >> 32) + r6;
            r6 = (uint)d;
            d = (d >> 32) + r7;
            r7 = (uint)d;
            if ((d >> 32) != 0)
            {
                // Wrapped past 2^256 once more: what is left is below 2^66, so adding 2^32 + 977 cannot carry out.
                d = (ulong)r0 + 977;
                r0 = (uint)d;
                d = (d >> 32) + r1 + 1;
                r1 = (uint)d;
                d = (d >> 32) + r2;
                r2 = (uint)d;
                d = (d >> 32) + r3;
                r3 = (uint)d;
                r4 += (uint)(d >> 32);
            }

            r[0] = r0;
            r[1] = r1;
            r[2] = r2;
            r[3] = r3;
            r[4] = r4;
            r[5] = r5;
            r[6] = r6;
            r[7] = r7;
            Normalize(r);
        }
    }
}
