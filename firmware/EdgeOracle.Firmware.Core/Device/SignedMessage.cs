namespace EdgeOracle.Firmware.Core.Device
{
    /// <summary>
    /// A message the device has signed and encoded: what it keeps until the gateway acknowledges it, and what
    /// an acknowledgement is matched against (kind, sequence and digest).
    /// </summary>
    public sealed class SignedMessage
    {
        /// <summary>Creates a signed message record.</summary>
        /// <param name="kind">A <see cref="Protocol.MessageKinds"/> value.</param>
        /// <param name="sequence">The message's sequence.</param>
        /// <param name="digest">Its 32-byte EIP-712 digest.</param>
        /// <param name="envelope">Its wire envelope.</param>
        public SignedMessage(byte kind, ulong sequence, byte[] digest, byte[] envelope)
        {
            Kind = kind;
            Sequence = sequence;
            Digest = digest;
            Envelope = envelope;
        }

        /// <summary>The message kind (<see cref="Protocol.MessageKinds"/>).</summary>
        public byte Kind { get; }

        /// <summary>The message's sequence number.</summary>
        public ulong Sequence { get; }

        /// <summary>The 32-byte EIP-712 digest that was signed.</summary>
        public byte[] Digest { get; }

        /// <summary>The encoded envelope (167 or 243 bytes).</summary>
        public byte[] Envelope { get; }
    }
}
