using System;

namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <content>Decoding envelopes back into messages, and reading their header and signature in place.</content>
    public static partial class Envelope
    {
        /// <summary>Decodes an Observation envelope. The signature is not checked here.</summary>
        /// <param name="envelope">A 167-byte envelope of version 1 and kind 1.</param>
        /// <returns>The observation.</returns>
        /// <exception cref="ArgumentException">Wrong size, version or kind.</exception>
        public static Observation DecodeObservation(byte[] envelope)
        {
            CheckEnvelope(envelope, MessageKinds.Observation, ObservationSize, "observation");
            int at = HeaderSize;
            Observation o = new Observation();
            o.Device = BigEndian.Slice(envelope, at, 20);
            o.Sequence = BigEndian.ReadUInt64(envelope, at + 20);
            o.Metric = BigEndian.ReadUInt32(envelope, at + 28);
            o.WindowStart = BigEndian.ReadUInt64(envelope, at + 32);
            o.WindowEnd = BigEndian.ReadUInt64(envelope, at + 40);
            o.Value = (long)BigEndian.ReadUInt64(envelope, at + 48);
            o.SampleCount = BigEndian.ReadUInt32(envelope, at + 56);
            o.Flags = BigEndian.ReadUInt32(envelope, at + 60);
            o.PrevHash = BigEndian.Slice(envelope, at + 64, 32);
            return o;
        }

        /// <summary>Decodes a PaymentIntent envelope. The signature is not checked here.</summary>
        /// <param name="envelope">A 243-byte envelope of version 1 and kind 2.</param>
        /// <returns>The payment intent.</returns>
        /// <exception cref="ArgumentException">Wrong size, version or kind, or an amount of 2^64 or more.</exception>
        public static PaymentIntent DecodePaymentIntent(byte[] envelope)
        {
            CheckEnvelope(envelope, MessageKinds.PaymentIntent, PaymentIntentSize, "payment intent");
            int at = HeaderSize;
            for (int i = 0; i < 24; i++)
            {
                if (envelope[at + 60 + i] != 0)
                {
                    throw new ArgumentException("payment intent amount does not fit in 64 bits", nameof(envelope));
                }
            }

            PaymentIntent p = new PaymentIntent();
            p.Terminal = BigEndian.Slice(envelope, at, 20);
            p.Merchant = BigEndian.Slice(envelope, at + 20, 20);
            p.Token = BigEndian.Slice(envelope, at + 40, 20);
            p.Amount = BigEndian.ReadUInt64(envelope, at + 84);
            p.Expiry = BigEndian.ReadUInt64(envelope, at + 92);
            p.OrderRef = BigEndian.Slice(envelope, at + 100, 32);
            p.Sequence = BigEndian.ReadUInt64(envelope, at + 132);
            p.PrevHash = BigEndian.Slice(envelope, at + 140, 32);
            return p;
        }

        /// <summary>A copy of the 4-byte domain tag of an envelope (or submission).</summary>
        /// <param name="envelope">At least the 6-byte header.</param>
        /// <returns>A new 4-byte array.</returns>
        /// <exception cref="ArgumentException">Shorter than a header.</exception>
        public static byte[] GetDomainTag(byte[] envelope)
        {
            if (envelope == null || envelope.Length < HeaderSize)
            {
                throw new ArgumentException("envelope is shorter than its 6-byte header", nameof(envelope));
            }

            return BigEndian.Slice(envelope, 2, Eip712Domain.TagSize);
        }

        /// <summary>A copy of the device's 65-byte signature: the last 65 bytes of an Observation or PaymentIntent envelope.</summary>
        /// <param name="envelope">A 167- or 243-byte envelope.</param>
        /// <returns>A new 65-byte array.</returns>
        /// <exception cref="ArgumentException">Not an envelope size.</exception>
        public static byte[] GetSignature(byte[] envelope)
        {
            if (envelope == null || (envelope.Length != ObservationSize && envelope.Length != PaymentIntentSize))
            {
                throw new ArgumentException("not an observation or payment intent envelope", nameof(envelope));
            }

            return BigEndian.Slice(envelope, envelope.Length - SignatureSize, SignatureSize);
        }

        /// <summary>The size an envelope of <paramref name="kind"/> must have, or 0 for an unknown kind.</summary>
        /// <param name="kind">A <see cref="MessageKinds"/> value.</param>
        /// <returns>167, 243 or 0.</returns>
        public static int SizeOf(byte kind)
        {
            if (kind == MessageKinds.Observation)
            {
                return ObservationSize;
            }

            return kind == MessageKinds.PaymentIntent ? PaymentIntentSize : 0;
        }

        private static void CheckEnvelope(byte[] envelope, byte kind, int size, string what)
        {
            if (envelope == null)
            {
                throw new ArgumentException(what + " envelope is null", nameof(envelope));
            }

            if (envelope.Length != size)
            {
                throw new ArgumentException(what + " envelope must be " + size + " bytes, got " + envelope.Length, nameof(envelope));
            }

            if (envelope[0] != Version)
            {
                throw new ArgumentException(what + " envelope has unknown version " + envelope[0], nameof(envelope));
            }

            if (envelope[1] != kind)
            {
                throw new ArgumentException(what + " envelope has kind " + envelope[1] + ", expected " + kind, nameof(envelope));
            }
        }
    }
}
