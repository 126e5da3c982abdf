using System;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Firmware.Core.Signing
{
    /// <summary>
    /// ECDSA over secp256k1 split into an offline and an online phase, for a device whose interpreter makes a
    /// full signature take seconds. In idle time <see cref="PrecomputeOne"/> derives a hedged nonce k, computes
    /// R = k·G through a <see cref="FixedBaseTable"/>, and keeps (r, k⁻¹ mod n, parity of R.y) in a capped pool
    /// in RAM (k⁻¹ by the binary extended Euclidean algorithm, <see cref="ScalarInverter"/>); k itself is wiped at
    /// once because the online phase does not need it. <see cref="TrySign"/> then
    /// takes the oldest entry, computes s = k⁻¹·(z + r·d) mod n, normalises to low s, writes r || s || v and
    /// wipes the entry: two multiplications mod n, no field arithmetic, no allocation.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Nonces: the message is unknown when k is made, so RFC 6979's h1 is replaced by a block holding the
    /// caller's <c>bootSalt</c> and a counter, and 32 bytes from the <see cref="IEntropySource"/> go in as the
    /// additional data k' of RFC 6979 §3.6. A working source makes k unpredictable; a failed source still gives
    /// a distinct k per (key, bootSalt, counter). The counter restarts on reboot, so <c>bootSalt</c> must never
    /// repeat across boots for the same key: pass something persisted that only grows, such as the first
    /// sequence number of the block the journal reserved at boot (<c>Journal.Journal.BootSalt</c>).
    /// </para>
    /// <para>
    /// The pool lives in RAM only: nothing survives a reboot, and each entry is used exactly once. r values with
    /// R.x ≥ n (odds about 2^-128) are refused, as Ethereum's v cannot carry recovery ids 2 and 3. Precomputing
    /// and signing may run on different threads; each entry is committed and taken under a lock.
    /// Not constant-time: see <see cref="Secp256k1"/>.
    /// </para>
    /// </remarks>
    public sealed class PrecomputedSigner
    {
        private const int SaltOffset = 16;

        private readonly object sync = new object();
        private readonly object precomputeSync = new object();
        private readonly FixedBaseTable table;
        private readonly IEntropySource entropy;
        private readonly int capacity;

        // The pool: a ring of (r, k^-1, parity) in preallocated arrays.
        private readonly uint[][] poolR;
        private readonly uint[][] poolInverse;
        private readonly byte[] poolParity;
        private int head;
        private int count;

        // Key material, held for the signer's lifetime and wiped by Clear.
        private readonly byte[] keyBytes = new byte[32];
        private readonly uint[] secret = new uint[8];
        private readonly byte[] publicKey = new byte[64];
        private bool cleared;

        // Offline scratch (under precomputeSync).
        private readonly FieldInverter inverter = new FieldInverter();
        private readonly PointMath points;
        private readonly ScalarInverter scalarInverter = new ScalarInverter();
        private readonly Rfc6979 nonces = new Rfc6979();
        private readonly JacobianPoint point = new JacobianPoint();
        private readonly byte[] counterBlock = new byte[32];
        private readonly byte[] entropyBytes = new byte[32];
        private readonly byte[] nonceBytes = new byte[32];
        private readonly uint[] nonce = new uint[8];
        private readonly uint[] x = new uint[8];
        private readonly uint[] y = new uint[8];
        private readonly uint[] stagedInverse = new uint[8];
        private ulong counter;
        private long refusedNonces;

        // Online scratch (under sync).
        private readonly ScalarMath onlineScalars = new ScalarMath();
        private readonly uint[] message = new uint[8];
        private readonly uint[] s = new uint[8];

        /// <summary>Creates a signer over the shared <see cref="FixedBaseTable.Default"/>.</summary>
        /// <param name="privateKey">A valid 32-byte private key; copied.</param>
        /// <param name="entropy">Source of the 32 bytes of added entropy per nonce.</param>
        /// <param name="bootSalt">A value never used before with this key (see the remarks).</param>
        /// <param name="capacity">Most nonce entries held at once (each 65 bytes of data).</param>
        public PrecomputedSigner(byte[] privateKey, IEntropySource entropy, ulong bootSalt, int capacity)
            : this(privateKey, entropy, bootSalt, capacity, FixedBaseTable.Default)
        {
        }

        /// <summary>Creates a signer over a given table.</summary>
        /// <param name="privateKey">A valid 32-byte private key; copied.</param>
        /// <param name="entropy">Source of the 32 bytes of added entropy per nonce.</param>
        /// <param name="bootSalt">A value never used before with this key (see the remarks).</param>
        /// <param name="capacity">Most nonce entries held at once, at least 1.</param>
        /// <param name="table">The fixed-base table for k·G.</param>
        /// <exception cref="ArgumentException">The key is invalid or the capacity below 1.</exception>
        /// <exception cref="ArgumentNullException">The entropy source or the table is null.</exception>
        public PrecomputedSigner(byte[] privateKey, IEntropySource entropy, ulong bootSalt, int capacity, FixedBaseTable table)
        {
            if (!Secp256k1.IsValidPrivateKey(privateKey))
            {
                throw new ArgumentException("private key must be 32 bytes in [1, n - 1]", nameof(privateKey));
            }

            if (capacity < 1)
            {
                throw new ArgumentException("capacity must be at least 1", nameof(capacity));
            }

            Guard.NotNull(entropy, nameof(entropy));
            Guard.NotNull(table, nameof(table));
            this.entropy = entropy;
            this.table = table;
            this.capacity = capacity;
            points = new PointMath(inverter);
            poolR = new uint[capacity][];
            poolInverse = new uint[capacity][];
            poolParity = new byte[capacity];
            for (int i = 0; i < capacity; i++)
            {
                poolR[i] = new uint[8];
                poolInverse[i] = new uint[8];
            }

            Array.Copy(privateKey, keyBytes, 32);
            Limbs.FromBigEndian(privateKey, 0, secret);
            table.GetPublicKey(privateKey, publicKey, 0);
            for (int i = 0; i < 8; i++)
            {
                counterBlock[SaltOffset + i] = (byte)(bootSalt >> (56 - (8 * i)));
            }
        }

        /// <summary>Most entries the pool holds.</summary>
        public int Capacity
        {
            get { return capacity; }
        }

        /// <summary>Entries ready for <see cref="TrySign"/>.</summary>
        public int Available
        {
            get
            {
                lock (sync)
                {
                    return count;
                }
            }
        }

        /// <summary>Nonce candidates refused so far (outside [1, n - 1] or R.x ≥ n); expected to stay 0.</summary>
        public long RefusedNonces
        {
            get { return refusedNonces; }
        }

        /// <summary>A copy of the signer's 64-byte public key X || Y.</summary>
        /// <returns>A new array.</returns>
        public byte[] GetPublicKey()
        {
            byte[] copy = new byte[64];
            Array.Copy(publicKey, copy, 64);
            return copy;
        }

        /// <summary>
        /// The offline phase for one entry: derives a hedged nonce, computes r and k⁻¹, and adds them to the pool.
        /// Call it in idle time until it returns false.
        /// </summary>
        /// <returns>False when the pool was already full (nothing computed) or the signer was cleared.</returns>
        public bool PrecomputeOne()
        {
            lock (precomputeSync)
            {
                lock (sync)
                {
                    if (cleared || count == capacity)
                    {
                        return false;
                    }
                }

                int parity = Derive();
                lock (sync)
                {
                    bool added = !cleared && count < capacity;
                    if (added)
                    {
                        int slot = (head + count) % capacity;
                        Limbs.Copy(poolR[slot], x);
                        Limbs.Copy(poolInverse[slot], stagedInverse);
                        poolParity[slot] = (byte)parity;
                        count++;
                    }

                    Limbs.Set(stagedInverse, 0);
                    return added;
                }
            }
        }

        /// <summary>Precomputes until the pool is full.</summary>
        /// <returns>How many entries were added.</returns>
        public int Fill()
        {
            int added = 0;
            while (PrecomputeOne())
            {
                added++;
            }

            return added;
        }

        /// <summary>
        /// The online phase: signs a 32-byte digest with the oldest pool entry and wipes it. Writes r || s || v
        /// (low s, v in {27, 28}) at <paramref name="offset"/>. Allocates nothing.
        /// </summary>
        /// <param name="hash32">The digest to sign.</param>
        /// <param name="output">Receives 65 bytes.</param>
        /// <param name="offset">Where they go.</param>
        /// <returns>False when the pool is empty: precompute (or sign with <see cref="Secp256k1"/>) and retry.</returns>
        /// <exception cref="ArgumentException">The digest is not 32 bytes or the output too small.</exception>
        public bool TrySign(byte[] hash32, byte[] output, int offset)
        {
            if (hash32 == null || hash32.Length != 32)
            {
                throw new ArgumentException("hash must be 32 bytes", nameof(hash32));
            }

            if (output == null || offset < 0 || offset > output.Length - Secp256k1.SignatureSize)
            {
                throw new ArgumentException("output too small for 65 bytes at the offset", nameof(output));
            }

            lock (sync)
            {
                Limbs.FromBigEndian(hash32, 0, message);
                ScalarMath.ReduceOnce(message);
                while (count > 0)
                {
                    int slot = head;
                    head = (head + 1) % capacity;
                    count--;

                    uint[] r = poolR[slot];
                    uint[] inverse = poolInverse[slot];
                    onlineScalars.Multiply(s, r, secret);
                    ScalarMath.Add(s, s, message);
                    onlineScalars.Multiply(s, s, inverse);     // s = k^-1 (z + r d)
                    bool usable = !Limbs.IsZero(s);
                    if (usable)
                    {
                        Secp256k1Engine.WriteLowS(r, s, poolParity[slot], output, offset);
                    }

                    // Used exactly once: wipe the entry whatever happened.
                    Limbs.Set(r, 0);
                    Limbs.Set(inverse, 0);
                    poolParity[slot] = 0;
                    Limbs.Set(s, 0);
                    if (usable)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>Signs with a pool entry, precomputing one first when the pool is empty.</summary>
        /// <param name="hash32">The digest to sign.</param>
        /// <param name="output">Receives 65 bytes.</param>
        /// <param name="offset">Where they go.</param>
        /// <exception cref="InvalidOperationException">The signer was cleared.</exception>
        public void Sign(byte[] hash32, byte[] output, int offset)
        {
            while (!TrySign(hash32, output, offset))
            {
                if (!PrecomputeOne() && Available == 0)
                {
                    throw new InvalidOperationException("signer cleared");
                }
            }
        }

        /// <summary>Wipes the pool and the key; the signer refuses all work afterwards (e.g. before deep sleep).</summary>
        public void Clear()
        {
            lock (precomputeSync)
            {
                lock (sync)
                {
                    cleared = true;
                    for (int i = 0; i < capacity; i++)
                    {
                        Limbs.Set(poolR[i], 0);
                        Limbs.Set(poolInverse[i], 0);
                        poolParity[i] = 0;
                    }

                    count = 0;
                    Limbs.Set(secret, 0);
                    for (int i = 0; i < 32; i++)
                    {
                        keyBytes[i] = 0;
                    }
                }
            }
        }

        // Under precomputeSync: leaves r in x, k^-1 in stagedInverse, and returns R.y's parity.
        private int Derive()
        {
            counter++;
            for (int i = 0; i < 8; i++)
            {
                counterBlock[24 + i] = (byte)(counter >> (56 - (8 * i)));
            }

            entropy.GetBytes(entropyBytes, 0, 32);
            nonces.Start(keyBytes, counterBlock, entropyBytes, 0, 32);
            int parity;
            while (true)
            {
                nonces.Next(nonceBytes);
                Limbs.FromBigEndian(nonceBytes, 0, nonce);
                if (!ScalarMath.IsValid(nonce))
                {
                    refusedNonces++;
                    continue;
                }

                table.Multiply(points, point, nonce);
                points.ToAffine(point, x, y);
                if (Limbs.Compare(x, ScalarMath.N) >= 0 || Limbs.IsZero(x))
                {
                    refusedNonces++;
                    continue;
                }

                parity = (int)(y[0] & 1);
                scalarInverter.Invert(stagedInverse, nonce);
                break;
            }

            Limbs.Set(nonce, 0);
            Limbs.Set(y, 0);
            for (int i = 0; i < 32; i++)
            {
                nonceBytes[i] = 0;
                entropyBytes[i] = 0;
            }

            return parity;
        }
    }
}
