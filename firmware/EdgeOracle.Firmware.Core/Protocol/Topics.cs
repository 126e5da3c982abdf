namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>MQTT topics (PROTOCOL.md §6); {device} is the device address in lower-case hex with 0x.</summary>
    public static class Topics
    {
        /// <summary>Prefix of every protocol topic.</summary>
        public const string Prefix = "eo/v1/";

        /// <summary>What a gateway subscribes to for observations.</summary>
        public const string ObservationFilter = "eo/v1/+/obs";

        /// <summary>What a gateway subscribes to for payment submissions.</summary>
        public const string PaymentFilter = "eo/v1/+/pay";

        /// <summary>Topic a sensor publishes observations on.</summary>
        /// <param name="deviceHex">The device address as 0x-hex; lower-cased here.</param>
        /// <returns>eo/v1/{device}/obs.</returns>
        public static string Observations(string deviceHex)
        {
            return Prefix + Normalize(deviceHex) + "/obs";
        }

        /// <summary>Topic a terminal publishes payment submissions on.</summary>
        /// <param name="deviceHex">The device address as 0x-hex; lower-cased here.</param>
        /// <returns>eo/v1/{device}/pay.</returns>
        public static string Payments(string deviceHex)
        {
            return Prefix + Normalize(deviceHex) + "/pay";
        }

        /// <summary>Topic the gateway answers a device on.</summary>
        /// <param name="deviceHex">The device address as 0x-hex; lower-cased here.</param>
        /// <returns>eo/v1/{device}/ack.</returns>
        public static string Acks(string deviceHex)
        {
            return Prefix + Normalize(deviceHex) + "/ack";
        }

        private static string Normalize(string deviceHex)
        {
            if (deviceHex == null || deviceHex.Length == 0)
            {
                throw new System.ArgumentException("device address is required", nameof(deviceHex));
            }

            return deviceHex.ToLower();
        }
    }
}
