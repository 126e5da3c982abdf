namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <content>ECDSA signing with RFC 6979 nonces and public key recovery, Ethereum style (r || s || v).</content>
    internal sealed partial class Secp256k1Engine
    {
        /// <summary>Signs a 32-byte digest with a validated key; writes r || s || v (v = 27 + recovery id).</summary>
        public void Sign(byte[] hash, byte[] privateKey, byte[] output, int offset)
        {
            Limbs.FromBigEndian(privateKey, 0, secret);
            Limbs.FromBigEndian(hash, 0, message);
            ScalarMath.ReduceOnce(message);
            Limbs.ToBigEndian(message, messageBytes, 0);
            nonces.Start(privateKey, messageBytes);
            while (true)
            {
                nonces.Next(nonceBytes);
                Limbs.FromBigEndian(nonceBytes, 0, nonce);
                if (!ScalarMath.IsValid(nonce))
                {
                    continue;
                }

                MultiplyBase(accumulator, nonce);
                points.ToAffine(accumulator, x, y);

                // r = R.x mod n. An x at or above n (odds about 2^-128) would need recovery id 2 or 3, which
                // Ethereum's v cannot carry, so such a nonce is refused like an out-of-range one.
                if (Limbs.Compare(x, ScalarMath.N) >= 0 || Limbs.IsZero(x))
                {
                    continue;
                }

                Limbs.Copy(r, x);
                scalars.Multiply(s, r, secret);
                ScalarMath.Add(s, s, message);
                scalars.Invert(inverse, nonce);
                scalars.Multiply(s, s, inverse);     // s = k^-1 (z + r d)
                if (Limbs.IsZero(s))
                {
                    continue;
                }

                WriteLowS(r, s, (int)(y[0] & 1), output, offset);
                break;
            }

            // Leave no key or nonce material in the long-lived buffers.
            Limbs.Set(secret, 0);
            Limbs.Set(nonce, 0);
            for (int i = 0; i < 32; i++)
            {
                nonceBytes[i] = 0;
            }
        }

        /// <summary>
        /// Writes r || s || v with low s (EIP-2): s and n - s both verify, and using n - s mirrors R, which flips
        /// the parity of its y and so the recovery id. Overwrites s when it was high.
        /// </summary>
        internal static void WriteLowS(uint[] r, uint[] s, int recoveryId, byte[] output, int offset)
        {
            if (ScalarMath.IsHigh(s))
            {
                ScalarMath.Negate(s, s);
                recoveryId ^= 1;
            }

            Limbs.ToBigEndian(r, output, offset);
            Limbs.ToBigEndian(s, output, offset + 32);
            output[offset + 64] = (byte)(27 + recoveryId);
        }

        /// <summary>
        /// Recovers the signer's public key X || Y from a digest and r || s || v; false when the signature is
        /// malformed (v not 27/28, r or s out of range, s high) or recovers to nothing.
        /// </summary>
        public bool TryRecover(byte[] hash, byte[] signature, int signatureOffset, byte[] output, int outputOffset)
        {
            int v = signature[signatureOffset + 64];
            if (v != 27 && v != 28)
            {
                return false;
            }

            Limbs.FromBigEndian(signature, signatureOffset, r);
            Limbs.FromBigEndian(signature, signatureOffset + 32, s);
            if (!ScalarMath.IsValid(r) || !ScalarMath.IsValid(s) || ScalarMath.IsHigh(s))
            {
                return false;
            }

            // R = (r, y) with y^2 = r^3 + 7 and y's parity from v; r < n < p so it is a field element.
            Limbs.Copy(x, r);
            FieldMath.Square(y, x);
            FieldMath.Multiply(y, y, x);
            FieldMath.Add(y, y, Seven);
            if (!inverter.TrySqrt(y, y))
            {
                return false;
            }

            if ((int)(y[0] & 1) != v - 27)
            {
                FieldMath.Negate(y, y);
            }

            // Q = r^-1 (s R - z G) = u1 G + u2 R with u1 = -z r^-1 and u2 = s r^-1.
            Limbs.FromBigEndian(hash, 0, message);
            ScalarMath.ReduceOnce(message);
            scalars.Invert(inverse, r);
            scalars.Multiply(u1, message, inverse);
            ScalarMath.Negate(u1, u1);
            scalars.Multiply(u2, s, inverse);

            recoveryTable[1].SetAffine(x, y);
            for (int i = 2; i < TableSize; i++)
            {
                points.AddAffine(recoveryTable[i], recoveryTable[i - 1], x, y);
            }

            accumulator.SetInfinity();
            for (int nibble = 63; nibble >= 0; nibble--)
            {
                DoubleWindow(accumulator);

                int window = Nibble(u1, nibble);
                if (window != 0)
                {
                    points.AddAffine(accumulator, accumulator, baseX[window], baseY[window]);
                }

                window = Nibble(u2, nibble);
                if (window != 0)
                {
                    points.Add(accumulator, accumulator, recoveryTable[window]);
                }
            }

            if (!points.ToAffine(accumulator, x, y))
            {
                return false;
            }

            FieldMath.Write(x, output, outputOffset);
            FieldMath.Write(y, output, outputOffset + 32);
            return true;
        }
    }
}
