using System;

namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>
    /// The gateway's answer to one message (PROTOCOL.md §4): version, kind, sequence, reason and digest, 43 bytes,
    /// published on the device's ack topic after the message was stored or refused.
    /// </summary>
    public sealed class Ack
    {
        private byte[] digest = new byte[32];

        /// <summary>Creates an empty acknowledgement (kind 0, sequence 0, reason Accepted, zero digest).</summary>
        public Ack()
        {
        }

        /// <summary>Creates an acknowledgement.</summary>
        /// <param name="kind">Kind of the message answered, or 0 if it could not be read.</param>
        /// <param name="sequence">Its sequence, or 0.</param>
        /// <param name="reason">A <see cref="ReasonCodes"/> value.</param>
        /// <param name="digest">Its 32-byte digest, or zeros.</param>
        public Ack(byte kind, ulong sequence, byte reason, byte[] digest)
        {
            Kind = kind;
            Sequence = sequence;
            Reason = reason;
            Digest = digest;
        }

        /// <summary>Kind of the message answered (<see cref="MessageKinds"/>), 0 if it could not be read.</summary>
        public byte Kind { get; set; }

        /// <summary>Sequence of the message answered, 0 if it could not be read.</summary>
        public ulong Sequence { get; set; }

        /// <summary>The reason code (<see cref="ReasonCodes"/>).</summary>
        public byte Reason { get; set; }

        /// <summary>Digest of the message answered (32 bytes; zeros if it could not be read).</summary>
        /// <exception cref="ArgumentException">Set to something other than 32 bytes.</exception>
        public byte[] Digest
        {
            get
            {
                return digest;
            }

            set
            {
                AbiWords.CheckLength(value, 32, nameof(Digest));
                digest = value;
            }
        }

        /// <summary>True when the reason is in the success class: the device may forget the message.</summary>
        public bool IsSuccess
        {
            get { return ReasonCodes.IsSuccess(Reason); }
        }

        /// <summary>Encodes the 43-byte wire form.</summary>
        /// <returns>A new 43-byte array.</returns>
        public byte[] Encode()
        {
            byte[] payload = new byte[Envelope.AckSize];
            payload[0] = Envelope.Version;
            payload[1] = Kind;
            BigEndian.WriteUInt64(payload, 2, Sequence);
            payload[10] = Reason;
            Array.Copy(digest, 0, payload, 11, 32);
            return payload;
        }

        /// <summary>
        /// Decodes a 43-byte acknowledgement. On failure (wrong size or version) returns false and sets
        /// <paramref name="ack"/> to an acknowledgement with reason Malformed rather than null, so callers on the device need no null checks.
        /// </summary>
        /// <param name="payload">The bytes received on the ack topic.</param>
        /// <param name="ack">The decoded acknowledgement, or a Malformed one (kind 0, sequence 0) on failure.</param>
        /// <returns>Whether the payload was a valid acknowledgement.</returns>
        public static bool TryDecode(byte[] payload, out Ack ack)
        {
            if (payload == null || payload.Length != Envelope.AckSize || payload[0] != Envelope.Version)
            {
                // Malformed rather than the default Accepted, so that a caller ignoring the result forgets nothing.
                ack = new Ack(0, 0, ReasonCodes.Malformed, new byte[32]);
                return false;
            }

            ack = new Ack(payload[1], BigEndian.ReadUInt64(payload, 2), payload[10], BigEndian.Slice(payload, 11, 32));
            return true;
        }
    }
}
