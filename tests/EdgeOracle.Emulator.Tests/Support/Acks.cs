using System;
using System.Buffers.Binary;

namespace EdgeOracle.Emulator.Tests.Support
{
    /// <summary>Builds 43-byte acknowledgements byte by byte from PROTOCOL.md §4, as a gateway would.</summary>
    internal static class Acks
    {
        public static byte[] For(byte kind, ulong sequence, byte reason, byte[] digest)
        {
            byte[] payload = new byte[43];
            payload[0] = 0x01;
            payload[1] = kind;
            BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(2), sequence);
            payload[10] = reason;
            digest.CopyTo(payload, 11);
            return payload;
        }

        /// <summary>The ack a gateway sends for an observation envelope: its sequence and digest with <paramref name="reason"/>.</summary>
        public static byte[] ForObservation(byte[] envelope, byte reason) => For(
            EdgeOracle.Firmware.Core.Protocol.MessageKinds.Observation,
            BinaryPrimitives.ReadUInt64BigEndian(envelope.AsSpan(26)),
            reason,
            NethereumCheck.ObservationDigest(envelope));
    }
}
