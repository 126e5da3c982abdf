using System;

namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>
    /// A decoded payment submission (PROTOCOL.md §4): the terminal's intent envelope plus the customer's
    /// ReceiveWithAuthorization parameters that are not implied by the intent (to, value and nonce are).
    /// </summary>
    public sealed class PaymentSubmission
    {
        private PaymentSubmission(byte[] intentEnvelope, byte[] from, ulong validAfter, ulong validBefore, byte[] customerSignature)
        {
            IntentEnvelope = intentEnvelope;
            From = from;
            ValidAfter = validAfter;
            ValidBefore = validBefore;
            CustomerSignature = customerSignature;
        }

        /// <summary>The 243-byte PaymentIntent envelope.</summary>
        public byte[] IntentEnvelope { get; }

        /// <summary>The customer wallet's 20-byte address.</summary>
        public byte[] From { get; }

        /// <summary>Authorization valid after, Unix seconds.</summary>
        public ulong ValidAfter { get; }

        /// <summary>Authorization valid before, Unix seconds.</summary>
        public ulong ValidBefore { get; }

        /// <summary>The customer's 65-byte signature r ‖ s ‖ v.</summary>
        public byte[] CustomerSignature { get; }

        /// <summary>Splits a 344-byte submission; the intent envelope's header is checked, no signature is.</summary>
        /// <param name="payload">The submission as published on the pay topic.</param>
        /// <returns>The parts, as new arrays.</returns>
        /// <exception cref="ArgumentException">Wrong size, or the intent envelope has a wrong version or kind.</exception>
        public static PaymentSubmission Decode(byte[] payload)
        {
            if (payload == null || payload.Length != Envelope.SubmissionSize)
            {
                throw new ArgumentException("payment submission must be " + Envelope.SubmissionSize + " bytes", nameof(payload));
            }

            byte[] intent = BigEndian.Slice(payload, 0, Envelope.PaymentIntentSize);

            // Reuse the intent decoder for its header and size checks.
            Envelope.DecodePaymentIntent(intent);
            int at = Envelope.PaymentIntentSize;
            return new PaymentSubmission(
                intent,
                BigEndian.Slice(payload, at, 20),
                BigEndian.ReadUInt64(payload, at + 20),
                BigEndian.ReadUInt64(payload, at + 28),
                BigEndian.Slice(payload, at + 36, Envelope.SignatureSize));
        }
    }
}
