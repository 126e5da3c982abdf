// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace nanoFramework.Runtime.Native
{
    /// <summary>How the device restarts.</summary>
    public enum RebootOption
    {
        /// <summary>A full reboot.</summary>
        NormalReboot = 0,
    }

    /// <summary>Power management of the device.</summary>
    public class Power
    {
        /// <summary>Reboots the device.</summary>
        public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) => throw new NotImplementedException();
    }
}
