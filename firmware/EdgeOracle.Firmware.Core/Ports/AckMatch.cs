using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>Decides whether an acknowledgement answers a given signed message.</summary>
    public static class AckMatch
    {
        /// <summary>
        /// Returns whether <paramref name="ack"/> answers <paramref name="message"/>: same kind, same sequence and the
        /// same 32-byte digest. The digest matters: a sequence alone could answer a different message after a reboot.
        /// </summary>
        /// <param name="ack">A decoded acknowledgement.</param>
        /// <param name="message">A message the device signed.</param>
        /// <returns><c>true</c> if the acknowledgement is for this message.</returns>
        public static bool Answers(Ack ack, SignedMessage message)
        {
            if (ack == null || message == null || ack.Kind != message.Kind || ack.Sequence != message.Sequence)
            {
                return false;
            }

            byte[] a = ack.Digest;
            byte[] b = message.Digest;
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
