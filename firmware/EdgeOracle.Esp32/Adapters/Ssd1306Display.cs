#if NANOFRAMEWORK_1_0
using EdgeOracle.Firmware.Core.Ports;
using Iot.Device.Ssd13xx;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>The core's display port on a 128×64 SSD1306 (nanoFramework.IoT.Device.Ssd13xx) with this app's <see cref="Font5x7"/>.</summary>
    internal sealed class Ssd1306Display : ITerminalDisplay
    {
        private readonly Ssd1306 _display;

        public Ssd1306Display(Ssd1306 display)
        {
            _display = display;
            _display.Font = new Font5x7();
        }

        public void Show(string title, string detail)
        {
            _display.ClearScreen();
            _display.DrawString(0, 8, title, 2, false);
            _display.DrawString(0, 40, detail, 1, false);
            _display.Display();
        }
    }
}
#endif
