namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>The kind byte of an envelope header (PROTOCOL.md §4).</summary>
    public static class MessageKinds
    {
        /// <summary>An <see cref="Protocol.Observation"/> envelope.</summary>
        public const byte Observation = 1;

        /// <summary>A <see cref="Protocol.PaymentIntent"/> envelope.</summary>
        public const byte PaymentIntent = 2;

        /// <summary>True for a kind this protocol version defines; anything else is Malformed.</summary>
        /// <param name="kind">The kind byte of an envelope header.</param>
        /// <returns>Whether the kind is known.</returns>
        public static bool IsKnown(byte kind)
        {
            return kind == Observation || kind == PaymentIntent;
        }
    }
}
