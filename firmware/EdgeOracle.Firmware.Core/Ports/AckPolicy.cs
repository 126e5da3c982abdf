using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>What a device does with a message after the gateway answered it (PROTOCOL.md §7, "device action").</summary>
    public enum AckAction
    {
        /// <summary>Success class: the gateway stored the message (or already had it); the device forgets it.</summary>
        Forget = 0,

        /// <summary>Refused for good: the device drops the message and reports the reason.</summary>
        Drop = 1,

        /// <summary>The gateway could not take it now (<c>RateLimited</c>, <c>Unavailable</c>): keep and retry later.</summary>
        RetryLater = 2,

        /// <summary><c>HashChainBroken</c>: keep, and re-send the chain from the oldest unacknowledged message.</summary>
        ResendChain = 3,
    }

    /// <summary>Maps reason codes to the device action PROTOCOL.md §7 prescribes; shared by every device app.</summary>
    public static class AckPolicy
    {
        /// <summary>Returns the action the protocol prescribes for <paramref name="reason"/>.</summary>
        /// <param name="reason">A reason code from an acknowledgement.</param>
        /// <returns>The device action; unknown refusal codes are dropped, as the success/refusal split says.</returns>
        public static AckAction Classify(byte reason)
        {
            if (ReasonCodes.IsSuccess(reason))
            {
                return AckAction.Forget;
            }

            if (reason == ReasonCodes.HashChainBroken)
            {
                return AckAction.ResendChain;
            }

            if (reason == ReasonCodes.RateLimited || reason == ReasonCodes.Unavailable)
            {
                return AckAction.RetryLater;
            }

            return AckAction.Drop;
        }
    }
}
