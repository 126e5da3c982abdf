using System;

namespace EdgeOracle.Firmware.Core.Device
{
    /// <summary>
    /// The device's position in its hash chain (PROTOCOL.md §5): the sequence and digest of the last message it
    /// signed. The next message takes a higher sequence and this digest as its prevHash.
    /// </summary>
    public sealed class MessageChain
    {
        private ulong lastSequence;
        private byte[] lastDigest;

        /// <summary>Starts a fresh chain: no message yet, so the first gets sequence 1 and a zero prevHash.</summary>
        public MessageChain()
        {
            lastDigest = new byte[32];
        }

        /// <summary>Resumes a chain from its last signed message, e.g. as restored from flash.</summary>
        /// <param name="lastSequence">Sequence of the last signed message (0 if none).</param>
        /// <param name="lastDigest">Its 32-byte digest (zeros if none); copied.</param>
        /// <exception cref="ArgumentException">The digest is not 32 bytes.</exception>
        public MessageChain(ulong lastSequence, byte[] lastDigest)
        {
            this.lastSequence = lastSequence;
            this.lastDigest = Copy(lastDigest);
        }

        /// <summary>Sequence of the last signed message; 0 before the first.</summary>
        public ulong LastSequence
        {
            get { return lastSequence; }
        }

        /// <summary>A copy of the last signed message's digest; zeros before the first.</summary>
        public byte[] LastDigest
        {
            get { return Copy(lastDigest); }
        }

        /// <summary>Records that a message with <paramref name="sequence"/> and <paramref name="digest"/> was signed.</summary>
        /// <param name="sequence">Must be above <see cref="LastSequence"/>: a sequence is never reused.</param>
        /// <param name="digest">The message's 32-byte digest; copied.</param>
        /// <exception cref="ArgumentException">The sequence does not increase, or the digest is not 32 bytes.</exception>
        public void Advance(ulong sequence, byte[] digest)
        {
            if (sequence <= lastSequence)
            {
                throw new ArgumentException("sequence must increase: " + sequence + " after " + lastSequence, nameof(sequence));
            }

            lastDigest = Copy(digest);
            lastSequence = sequence;
        }

        private static byte[] Copy(byte[] digest)
        {
            if (digest == null || digest.Length != 32)
            {
                throw new ArgumentException("digest must be 32 bytes", nameof(digest));
            }

            byte[] copy = new byte[32];
            Array.Copy(digest, copy, 32);
            return copy;
        }
    }
}
