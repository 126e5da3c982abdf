using System;

namespace EdgeOracle.Emulator.Storage
{
    /// <summary>
    /// Thrown by <see cref="VirtualFlash"/> when the injected power cut happens: the operation stopped part way,
    /// exactly as on a device that lost power. The code above it is dead from then on; tests discard it and
    /// mount again on the same flash.
    /// </summary>
    public sealed class PowerCutException : Exception
    {
        /// <summary>Creates the exception for a cut after <paramref name="step"/> steps.</summary>
        /// <param name="step">The step (programmed byte or erase) at which power was lost.</param>
        public PowerCutException(long step)
            : base("power cut at step " + step)
        {
            Step = step;
        }

        /// <summary>Gets the step (counted from arming) at which power was lost.</summary>
        public long Step { get; }
    }
}
