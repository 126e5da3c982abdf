using System;

namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>Argument checks shared by the device applications' constructors.</summary>
    internal static class Guard
    {
        /// <summary>Throws <see cref="ArgumentNullException"/> naming <paramref name="name"/> if <paramref name="value"/> is null.</summary>
        /// <param name="value">The argument.</param>
        /// <param name="name">Its parameter name.</param>
        public static void NotNull(object? value, string name)
        {
            if (value == null)
            {
                throw new ArgumentNullException(name);
            }
        }
    }
}
