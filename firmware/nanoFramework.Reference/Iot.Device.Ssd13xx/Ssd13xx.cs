// Reference surface (hand-written, public signatures only): see ../README.md.
using System;
using System.Device.Gpio;
using System.Device.I2c;

namespace Iot.Device.Ssd13xx
{
    /// <summary>How the panel is mounted.</summary>
    public enum DisplayOrientation
    {
        /// <summary>Landscape (the default).</summary>
        Landscape = 2,
    }

    /// <summary>
    /// A bitmap font: <c>Height</c> bytes per character, one per row, bit 0 the leftmost pixel (for widths up to 8).
    /// The package ships no font; the app brings its own.
    /// </summary>
    public abstract class IFont
    {
        /// <summary>Glyph width in pixels.</summary>
        public virtual byte Width
        {
            get => throw new NotImplementedException();
            private set => throw new NotImplementedException();
        }

        /// <summary>Glyph height in pixels.</summary>
        public virtual byte Height
        {
            get => throw new NotImplementedException();
            private set => throw new NotImplementedException();
        }

        /// <summary>The glyph of <paramref name="character"/>.</summary>
        public abstract byte[] this[char character] { get; }
    }

    /// <summary>The SSD13xx family's common drawing API (a frame buffer sent with <see cref="Display"/>).</summary>
    public abstract class Ssd13xx : IDisposable
    {
        /// <summary>Panel sizes.</summary>
        public enum DisplayResolution
        {
            /// <summary>128 × 64.</summary>
            OLED128x64 = 0,
        }

        /// <summary>A display on I2C; <paramref name="resetPin"/> -1 when the reset line is not wired.</summary>
        public Ssd13xx(I2cDevice i2cDevice, DisplayResolution resolution = DisplayResolution.OLED128x64, DisplayOrientation orientation = DisplayOrientation.Landscape, int resetPin = -1, GpioController gpio = null, bool shouldDispose = true) => throw new NotImplementedException();

        /// <summary>The font <see cref="DrawString"/> uses.</summary>
        public IFont Font
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>Draws <paramref name="str"/> into the buffer, scaled by <paramref name="size"/>.</summary>
        public void DrawString(int x, int y, string str, byte size = 1, bool center = false) => throw new NotImplementedException();

        /// <summary>Clears the screen and the buffer.</summary>
        public void ClearScreen() => throw new NotImplementedException();

        /// <summary>Sends the buffer to the panel.</summary>
        public void Display() => throw new NotImplementedException();

        /// <summary>Releases the bus.</summary>
        public void Dispose() => throw new NotImplementedException();
    }

    /// <summary>The SSD1306 controller.</summary>
    public class Ssd1306 : Ssd13xx
    {
        /// <summary>An SSD1306 on I2C.</summary>
        public Ssd1306(I2cDevice i2cDevice, DisplayResolution res, DisplayOrientation orientation = DisplayOrientation.Landscape, int resetPin = -1, GpioController gpio = null, bool shouldDispose = true)
            : base(i2cDevice, res, orientation, resetPin, gpio, shouldDispose) => throw new NotImplementedException();
    }
}
