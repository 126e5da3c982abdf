namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>Sensor health bits of an observation (PROTOCOL.md §3); 0 means healthy.</summary>
    public static class ObservationFlags
    {
        /// <summary>Bit 0: the sensor reported the same raw value beyond its limit.</summary>
        public const uint Stuck = 1u << 0;

        /// <summary>Bit 1: a sample was out of the sensor's range.</summary>
        public const uint OutOfRange = 1u << 1;

        /// <summary>Bit 2: samples are missing inside the window.</summary>
        public const uint Gap = 1u << 2;

        /// <summary>Bit 3: the device restarted inside the window.</summary>
        public const uint Rebooted = 1u << 3;

        /// <summary>All defined bits.</summary>
        public const uint Defined = Stuck | OutOfRange | Gap | Rebooted;

        /// <summary>The reserved bits, which must be zero (a gateway refuses them as Malformed).</summary>
        public const uint Reserved = ~Defined;

        /// <summary>True when any reserved bit is set.</summary>
        /// <param name="flags">An observation's flags.</param>
        /// <returns>Whether the flags are malformed.</returns>
        public static bool HasReservedBits(uint flags)
        {
            return (flags & Reserved) != 0;
        }
    }
}
