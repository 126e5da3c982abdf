using System.Collections.Concurrent;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Emulator.Ui
{
    /// <summary>The terminal's SSD1306 on a PC: keeps what is shown now and every screen shown so far.</summary>
    public sealed class VirtualDisplay : ITerminalDisplay
    {
        /// <summary>Gets the first line shown now.</summary>
        public string Title { get; private set; } = string.Empty;

        /// <summary>Gets the second line shown now.</summary>
        public string Detail { get; private set; } = string.Empty;

        /// <summary>Gets every screen shown, oldest first.</summary>
        public ConcurrentQueue<string> History { get; } = new();

        /// <inheritdoc />
        public void Show(string title, string detail)
        {
            Title = title;
            Detail = detail;
            History.Enqueue(title + " | " + detail);
        }
    }
}
