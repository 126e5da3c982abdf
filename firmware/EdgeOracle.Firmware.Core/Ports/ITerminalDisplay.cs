namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>
    /// The terminal's display (an SSD1306 128×64 OLED on the ESP32, a text panel in the emulator). The core decides
    /// what to say; the adapter decides fonts and layout.
    /// </summary>
    public interface ITerminalDisplay
    {
        /// <summary>Replaces what the display shows with two lines of text.</summary>
        /// <param name="title">The first, large line (e.g. the amount).</param>
        /// <param name="detail">The second line (e.g. "Tap to pay").</param>
        void Show(string title, string detail);
    }
}
