namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>
    /// The one-byte reason of an acknowledgement (PROTOCOL.md §7). 0x00–0x7F is the success class (the device may
    /// forget the message); 0x80–0xFF means the gateway refused it.
    /// </summary>
    public static class ReasonCodes
    {
        /// <summary>Verified and durably stored. Device: forget.</summary>
        public const byte Accepted = 0x00;

        /// <summary>This exact message is already stored; nothing was done again. Device: forget.</summary>
        public const byte Duplicate = 0x01;

        /// <summary>Unknown version or kind, or a field out of its range. Device: drop, report.</summary>
        public const byte Malformed = 0x80;

        /// <summary>Payload shorter than its kind's size. Device: drop, report.</summary>
        public const byte Truncated = 0x81;

        /// <summary>Payload longer than its kind's size. Device: drop, report.</summary>
        public const byte Oversized = 0x82;

        /// <summary>Domain tag is not this deployment's. Device: drop, report.</summary>
        public const byte WrongDomain = 0x83;

        /// <summary>Signature does not recover to the claimed device, or s is high. Device: drop, report.</summary>
        public const byte BadSignature = 0x84;

        /// <summary>The device is not registered, or was revoked. Device: drop, report.</summary>
        public const byte UnknownDevice = 0x85;

        /// <summary>The device's role may not send this kind (e.g. a sensor sent a payment intent). Device: drop, report.</summary>
        public const byte WrongRole = 0x86;

        /// <summary>The topic's device is not the envelope's, or the kind does not match the topic. Device: drop, report.</summary>
        public const byte TopicMismatch = 0x87;

        /// <summary>Sequence not above the last stored one, and not the stored message. Device: drop, report.</summary>
        public const byte SequenceReplayed = 0x88;

        /// <summary>prevHash is not the digest of the device's last stored message. Device: keep; resend the chain from the missing message.</summary>
        public const byte HashChainBroken = 0x89;

        /// <summary>The intent's expiry or the authorization's validBefore has passed. Device: drop, report.</summary>
        public const byte Expired = 0x8A;

        /// <summary>The customer authorization does not recover to from, or is not yet valid. Device: drop, report.</summary>
        public const byte BadAuthorization = 0x8B;

        /// <summary>The device is over its message rate. Device: keep; retry later.</summary>
        public const byte RateLimited = 0x8C;

        /// <summary>The connection may not publish on this topic. Device: drop, report.</summary>
        public const byte NotAuthorized = 0x8D;

        /// <summary>The gateway could not store the message. Device: keep; retry later.</summary>
        public const byte Unavailable = 0xA0;

        /// <summary>True for the success class (0x00–0x7F).</summary>
        /// <param name="reason">A reason code.</param>
        /// <returns>Whether the device may forget the message.</returns>
        public static bool IsSuccess(byte reason)
        {
            return reason < 0x80;
        }

        /// <summary>The spec's name of a reason code, or "Unknown(0xNN)".</summary>
        /// <param name="reason">A reason code.</param>
        /// <returns>The name, e.g. "BadSignature".</returns>
        public static string Name(byte reason)
        {
            switch (reason)
            {
                case Accepted: return "Accepted";
                case Duplicate: return "Duplicate";
                case Malformed: return "Malformed";
                case Truncated: return "Truncated";
                case Oversized: return "Oversized";
                case WrongDomain: return "WrongDomain";
                case BadSignature: return "BadSignature";
                case UnknownDevice: return "UnknownDevice";
                case WrongRole: return "WrongRole";
                case TopicMismatch: return "TopicMismatch";
                case SequenceReplayed: return "SequenceReplayed";
                case HashChainBroken: return "HashChainBroken";
                case Expired: return "Expired";
                case BadAuthorization: return "BadAuthorization";
                case RateLimited: return "RateLimited";
                case NotAuthorized: return "NotAuthorized";
                case Unavailable: return "Unavailable";
                default:
                    byte[] code = { reason };
                    return "Unknown(" + Crypto.Hex.Encode(code) + ")";
            }
        }
    }
}
