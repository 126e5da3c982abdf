namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>Roles a device is registered with in the DeviceRegistry (PROTOCOL.md §1).</summary>
    public static class DeviceRoles
    {
        /// <summary>May send observations.</summary>
        public const byte Sensor = 1;

        /// <summary>May send payment intents (with a customer authorization).</summary>
        public const byte Terminal = 2;

        /// <summary>May send observations of energy produced (metric 6), which RevenueDistributor takes.</summary>
        public const byte Meter = 3;

        /// <summary>The message kind a role may send, or 0 for an unknown role.</summary>
        /// <param name="role">A role code.</param>
        /// <returns>A <see cref="MessageKinds"/> value or 0.</returns>
        public static byte AllowedKind(byte role)
        {
            if (role == Sensor || role == Meter)
            {
                return MessageKinds.Observation;
            }

            return role == Terminal ? MessageKinds.PaymentIntent : (byte)0;
        }
    }
}
