using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Emulator.Ui
{
    /// <summary>The terminal's piezo on a PC: counts beeps.</summary>
    public sealed class VirtualBuzzer : IBuzzer
    {
        /// <summary>Gets how many beeps sounded in all.</summary>
        public int BeepCount { get; private set; }

        /// <summary>Gets the count of the last beep pattern (1 approved, 2 declined or timed out).</summary>
        public int LastPattern { get; private set; }

        /// <inheritdoc />
        public void Beep(int count, int durationMilliseconds)
        {
            BeepCount += count;
            LastPattern = count;
        }
    }
}
