using System;

namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>
    /// The wire encoding of signed messages (PROTOCOL.md §4): version, kind, domain tag, the fixed-width body
    /// in type-string order, then the 65-byte signature over the body's EIP-712 digest.
    /// </summary>
    public static partial class Envelope
    {
        /// <summary>The only envelope version this core writes and reads.</summary>
        public const byte Version = 0x01;

        /// <summary>Size of the header: version, kind and domain tag.</summary>
        public const int HeaderSize = 6;

        /// <summary>Size of a signature r ‖ s ‖ v.</summary>
        public const int SignatureSize = 65;

        /// <summary>Size of an Observation envelope.</summary>
        public const int ObservationSize = HeaderSize + Observation.BodySize + SignatureSize;

        /// <summary>Size of a PaymentIntent envelope.</summary>
        public const int PaymentIntentSize = HeaderSize + PaymentIntent.BodySize + SignatureSize;

        /// <summary>Size of a payment submission: intent envelope, from, validAfter, validBefore, customer signature.</summary>
        public const int SubmissionSize = PaymentIntentSize + 20 + 8 + 8 + SignatureSize;

        /// <summary>
        /// Cross-border submission size (PROTOCOL.md §4): the intent envelope, from, the pay token, the customer's signed
        /// maximum input (a 32-byte word), validAfter, validBefore and the customer's signature.
        /// </summary>
        public const int CrossBorderSubmissionSize = PaymentIntentSize + 20 + 20 + 32 + 8 + 8 + SignatureSize;

        /// <summary>Size of an acknowledgement.</summary>
        public const int AckSize = 43;

        /// <summary>Encodes a signed observation.</summary>
        /// <param name="o">The observation, with Device, Sequence and PrevHash filled in.</param>
        /// <param name="d">The domain it was signed under (its tag goes in the header).</param>
        /// <param name="signature65">The device's signature over <c>o.Digest(d)</c>.</param>
        /// <returns>A new 167-byte envelope.</returns>
        /// <exception cref="ArgumentException">A field or the signature has the wrong size.</exception>
        public static byte[] EncodeObservation(Observation o, Eip712Domain d, byte[] signature65)
        {
            CheckNotNull(o, d);
            AbiWords.CheckLength(o.Device, 20, "Device");
            AbiWords.CheckLength(o.PrevHash, 32, "PrevHash");
            AbiWords.CheckLength(signature65, SignatureSize, nameof(signature65));
            byte[] e = new byte[ObservationSize];
            WriteHeader(e, MessageKinds.Observation, d);
            int at = HeaderSize;
            Array.Copy(o.Device, 0, e, at, 20);
            BigEndian.WriteUInt64(e, at + 20, o.Sequence);
            BigEndian.WriteUInt32(e, at + 28, o.Metric);
            BigEndian.WriteUInt64(e, at + 32, o.WindowStart);
            BigEndian.WriteUInt64(e, at + 40, o.WindowEnd);
            BigEndian.WriteUInt64(e, at + 48, (ulong)o.Value);
            BigEndian.WriteUInt32(e, at + 56, o.SampleCount);
            BigEndian.WriteUInt32(e, at + 60, o.Flags);
            Array.Copy(o.PrevHash, 0, e, at + 64, 32);
            Array.Copy(signature65, 0, e, ObservationSize - SignatureSize, SignatureSize);
            return e;
        }

        /// <summary>Encodes a signed payment intent.</summary>
        /// <param name="p">The intent, with Terminal, Sequence and PrevHash filled in.</param>
        /// <param name="d">The domain it was signed under.</param>
        /// <param name="sig">The terminal's signature over <c>p.Digest(d)</c>.</param>
        /// <returns>A new 243-byte envelope.</returns>
        /// <exception cref="ArgumentException">A field or the signature has the wrong size.</exception>
        public static byte[] EncodePaymentIntent(PaymentIntent p, Eip712Domain d, byte[] sig)
        {
            CheckNotNull(p, d);
            AbiWords.CheckLength(p.Terminal, 20, "Terminal");
            AbiWords.CheckLength(p.Merchant, 20, "Merchant");
            AbiWords.CheckLength(p.Token, 20, "Token");
            AbiWords.CheckLength(p.OrderRef, 32, "OrderRef");
            AbiWords.CheckLength(p.PrevHash, 32, "PrevHash");
            AbiWords.CheckLength(sig, SignatureSize, nameof(sig));
            byte[] e = new byte[PaymentIntentSize];
            WriteHeader(e, MessageKinds.PaymentIntent, d);
            int at = HeaderSize;
            Array.Copy(p.Terminal, 0, e, at, 20);
            Array.Copy(p.Merchant, 0, e, at + 20, 20);
            Array.Copy(p.Token, 0, e, at + 40, 20);

            // amount is a uint256 on the wire: 24 zero bytes (already zero) then the 64-bit value.
            BigEndian.WriteUInt64(e, at + 60 + 24, p.Amount);
            BigEndian.WriteUInt64(e, at + 92, p.Expiry);
            Array.Copy(p.OrderRef, 0, e, at + 100, 32);
            BigEndian.WriteUInt64(e, at + 132, p.Sequence);
            Array.Copy(p.PrevHash, 0, e, at + 140, 32);
            Array.Copy(sig, 0, e, PaymentIntentSize - SignatureSize, SignatureSize);
            return e;
        }

        /// <summary>Encodes what a terminal publishes after the customer tapped: the intent envelope and the customer's authorization.</summary>
        /// <param name="intentEnvelope">The 243-byte PaymentIntent envelope.</param>
        /// <param name="from20">The customer's wallet address.</param>
        /// <param name="validAfter">Authorization valid after (Unix seconds).</param>
        /// <param name="validBefore">Authorization valid before (Unix seconds).</param>
        /// <param name="customerSignature65">The customer's signature of the ReceiveWithAuthorization.</param>
        /// <returns>A new 344-byte submission.</returns>
        /// <exception cref="ArgumentException">An input has the wrong size or the envelope is not a PaymentIntent.</exception>
        public static byte[] EncodeSubmission(byte[] intentEnvelope, byte[] from20, ulong validAfter, ulong validBefore, byte[] customerSignature65)
        {
            CheckEnvelope(intentEnvelope, MessageKinds.PaymentIntent, PaymentIntentSize, "payment intent");
            AbiWords.CheckLength(from20, 20, nameof(from20));
            AbiWords.CheckLength(customerSignature65, SignatureSize, nameof(customerSignature65));
            byte[] s = new byte[SubmissionSize];
            Array.Copy(intentEnvelope, 0, s, 0, PaymentIntentSize);
            Array.Copy(from20, 0, s, PaymentIntentSize, 20);
            BigEndian.WriteUInt64(s, PaymentIntentSize + 20, validAfter);
            BigEndian.WriteUInt64(s, PaymentIntentSize + 28, validBefore);
            Array.Copy(customerSignature65, 0, s, PaymentIntentSize + 36, SignatureSize);
            return s;
        }

        /// <summary>
        /// The 396-byte cross-border submission: the intent priced in its token, paid by the customer in
        /// <paramref name="payToken20"/>, at most <paramref name="maxInput32"/> (the value the customer signed on the pay
        /// token's own domain).
        /// </summary>
        /// <param name="intentEnvelope">The terminal's 243-byte intent envelope.</param>
        /// <param name="from20">The customer's address.</param>
        /// <param name="payToken20">The token the customer pays with.</param>
        /// <param name="maxInput32">The most of it the customer authorized, a big-endian 32-byte word.</param>
        /// <param name="validAfter">The authorization's validAfter.</param>
        /// <param name="validBefore">The authorization's validBefore.</param>
        /// <param name="customerSignature65">The customer's r ‖ s ‖ v.</param>
        /// <returns>A new 396-byte array.</returns>
        public static byte[] EncodeCrossBorderSubmission(
            byte[] intentEnvelope, byte[] from20, byte[] payToken20, byte[] maxInput32, ulong validAfter, ulong validBefore, byte[] customerSignature65)
        {
            CheckEnvelope(intentEnvelope, MessageKinds.PaymentIntent, PaymentIntentSize, "payment intent");
            AbiWords.CheckLength(from20, 20, nameof(from20));
            AbiWords.CheckLength(payToken20, 20, nameof(payToken20));
            AbiWords.CheckLength(maxInput32, 32, nameof(maxInput32));
            AbiWords.CheckLength(customerSignature65, SignatureSize, nameof(customerSignature65));
            byte[] s = new byte[CrossBorderSubmissionSize];
            int at = PaymentIntentSize;
            Array.Copy(intentEnvelope, 0, s, 0, at);
            Array.Copy(from20, 0, s, at, 20);
            Array.Copy(payToken20, 0, s, at + 20, 20);
            Array.Copy(maxInput32, 0, s, at + 40, 32);
            BigEndian.WriteUInt64(s, at + 72, validAfter);
            BigEndian.WriteUInt64(s, at + 80, validBefore);
            Array.Copy(customerSignature65, 0, s, at + 88, SignatureSize);
            return s;
        }

        private static void WriteHeader(byte[] e, byte kind, Eip712Domain d)
        {
            e[0] = Version;
            e[1] = kind;
            Array.Copy(d.SeparatorReference, 0, e, 2, Eip712Domain.TagSize);
        }

        private static void CheckNotNull(object message, Eip712Domain d)
        {
            if (message == null || d == null)
            {
                throw new ArgumentNullException(message == null ? "message" : "domain");
            }
        }
    }
}
