#if NANOFRAMEWORK_1_0
using System.Device.Pwm;
using System.Threading;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>The core's buzzer port: a passive piezo on a PWM channel, beeping on a worker thread so the host loop never blocks.</summary>
    internal sealed class PwmBuzzer : IBuzzer
    {
        private readonly PwmChannel _channel;

        public PwmBuzzer(int pin, int frequencyHz)
        {
            _channel = PwmChannel.CreateFromPin(pin, frequencyHz, 0);
            _channel.Start();
        }

        public void Beep(int count, int durationMilliseconds)
        {
            new Thread(() =>
            {
                for (int i = 0; i < count; i++)
                {
                    _channel.DutyCycle = 0.5;
                    Thread.Sleep(durationMilliseconds);
                    _channel.DutyCycle = 0;
                    Thread.Sleep(durationMilliseconds);
                }
            }).Start();
        }
    }
}
#endif
