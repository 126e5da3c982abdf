namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>The terminal's buzzer (a passive piezo on a PWM pin on the ESP32).</summary>
    public interface IBuzzer
    {
        /// <summary>Starts <paramref name="count"/> beeps of <paramref name="durationMilliseconds"/> each, without blocking.</summary>
        /// <param name="count">How many beeps: the terminal uses 1 for approved, 2 for declined or timed out.</param>
        /// <param name="durationMilliseconds">Length of one beep (the pause between beeps is as long).</param>
        void Beep(int count, int durationMilliseconds);
    }
}
