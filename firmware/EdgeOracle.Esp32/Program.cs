#if NANOFRAMEWORK_1_0
using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using EdgeOracle.Esp32.Adapters;
using EdgeOracle.Esp32.Config;
using EdgeOracle.Firmware.Core.Config;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Journal;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Sensors;
using EdgeOracle.Firmware.Core.Sensors.Bme280;
using EdgeOracle.Firmware.Core.Sensors.SoilMoisture;
using EdgeOracle.Firmware.Core.Station;
using EdgeOracle.Firmware.Core.Terminal;
using Iot.Device.Pn532;
using Iot.Device.Ssd13xx;
using nanoFramework.Hardware.Esp32;

namespace EdgeOracle.Esp32
{
    /// <summary>
    /// The device app: reads the provisioning file and the pin map from <c>I:\edgeoracle\</c>, loads (or on first boot
    /// creates) the device key, joins Wi-Fi, sets the clock by SNTP, connects MQTT 5 and runs the sensor node or the
    /// POS terminal, as the file's <c>role</c> says. All logic is the portable core; this file only wires adapters.
    /// </summary>
    public static class Program
    {
        private const int WatchdogMilliseconds = 120000;

        // 64 KiB in 4 KiB blocks holds 276 observations (firmware/docs/journal.md): over a week of unsent windows.
        private const int JournalBytes = 64 * 1024;
        private const int JournalBlockBytes = 4096;
        private const int JournalMaxMessages = 256;
        private const int JournalSequenceBlock = 64;

        public static void Main()
        {
            NanoClock clock = new NanoClock();
            SoftwareWatchdog watchdog = new SoftwareWatchdog(clock, WatchdogMilliseconds);
            DeviceConfig config = DeviceConfig.Parse(Files.ReadText(Files.ConfigPath));
            PinMap pins = new PinMap(Files.ReadText(Files.PinMapPath));
            DeviceIdentity identity = LoadOrCreateIdentity();
            if (identity.AddressHex != config.Device)
            {
                Debug.WriteLine("device.conf was provisioned for " + config.Device + " but the key is " + identity.AddressHex);
                return;
            }

            while (!Network.TryConnect(config.WifiSsid, config.WifiPassword, config.Has("sntpServer") ? config.SntpServer : null, 60000))
            {
                Debug.WriteLine("Wi-Fi or SNTP not ready; retrying");
                watchdog.Feed();
                Thread.Sleep(5000);
            }

            X509Certificate ca = config.BrokerTls ? new X509Certificate(Files.ReadBytes(Files.CaCertPath)) : null;
            M2MqttTransport transport = new M2MqttTransport(config.BrokerHost, config.BrokerPort, config.BrokerTls, ca, identity.AddressHex);
            Eip712Domain domain = Eip712Domain.ForDeployment(config.ChainId, config.DeviceRegistry);

            if (config.Role == "sensor")
            {
                // The sensor node's outbox and chain head live in the flash journal: a power cut loses nothing signed,
                // and the journal's reserved sequence blocks decide where the chain resumes.
                MessageJournal journal = new MessageJournal(
                    new FileFlashStorage(Files.JournalPath, JournalBytes, JournalBlockBytes), JournalMaxMessages, JournalSequenceBlock);
                MessageSigner signer = new MessageSigner(identity, domain, new MessageChain(journal.ResumeSequence, journal.GetLastDigest()));
                RunSensorNode(config, pins, signer, journal, identity, clock, transport, watchdog);
            }
            else if (config.Role == "meter")
            {
                MessageJournal journal = new MessageJournal(
                    new FileFlashStorage(Files.JournalPath, JournalBytes, JournalBlockBytes), JournalMaxMessages, JournalSequenceBlock);
                MessageSigner signer = new MessageSigner(identity, domain, new MessageChain(journal.ResumeSequence, journal.GetLastDigest()));
                RunMeter(config, pins, signer, journal, identity, clock, transport, watchdog);
            }
            else
            {
                RunTerminal(config, pins, new MessageSigner(identity, domain, ChainStore.Load()), identity, clock, transport, watchdog);
            }
        }

        private static void RunMeter(DeviceConfig config, PinMap pins, MessageSigner signer, MessageJournal journal, DeviceIdentity identity, NanoClock clock, M2MqttTransport transport, SoftwareWatchdog watchdog)
        {
            // The S0 constant and the maximum power come from device.conf (provisioning copies the pin map's defaults).
            EnergyMeter meter = new EnergyMeter(pins.GetInt("s0Input", "debounceMs"), config.MeterImpulsesPerKwh, config.MeterMaxPowerWatts);
            GpioController gpio = new GpioController();
            new S0Input(gpio, pins.GetInt("s0Input", "gpio"), meter, clock);
            GpioPin led = gpio.OpenPin(pins.GetInt("statusLed", "gpio"), PinMode.Output);
            SensorStationConfig stationConfig = SensorStationConfig.ForMeter();
            stationConfig.WindowSeconds = config.MeterIntervalSeconds;
            SensorStation station = new SensorStation(signer, identity.AddressHex, meter, clock, transport, stationConfig);
            station.AttachJournal(journal);
            transport.AckSink = station;

            // Mains powered: no sleep; the LED shows the broker connection.
            while (true)
            {
                watchdog.Feed();
                if (!transport.IsConnected)
                {
                    transport.TryConnect();
                }

                led.Write(transport.IsConnected ? PinValue.High : PinValue.Low);
                station.Poll();
                Thread.Sleep(1000);
            }
        }

        private static void RunSensorNode(DeviceConfig config, PinMap pins, MessageSigner signer, MessageJournal journal, DeviceIdentity identity, NanoClock clock, M2MqttTransport transport, SoftwareWatchdog watchdog)
        {
            Configuration.SetPinFunction(pins.GetInt("bme280", "sdaGpio"), DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(pins.GetInt("bme280", "sclGpio"), DeviceFunction.I2C1_CLOCK);
            GpioController gpio = new GpioController();

            RainGauge gauge = new RainGauge(pins.GetInt("rainGauge", "debounceMs"), (uint)pins.GetInt("rainGauge", "micrometresPerTip"));
            new RainGaugeInput(gpio, pins.GetInt("rainGauge", "gpio"), gauge, clock);
            SensorStationConfig stationConfig = new SensorStationConfig();
            SensorStation station = new SensorStation(signer, identity.AddressHex, gauge, clock, transport, stationConfig);
            station.AttachJournal(journal);
            transport.AckSink = station;

            Bme280Sensor bme = new Bme280Sensor(new NanoI2cDevice(1, pins.GetHex("bme280", "address")));
            if (bme.TryInitialize())
            {
                station.AttachBme280(bme);
            }
            else
            {
                Debug.WriteLine("BME280 not found: temperature, humidity and pressure are not observed");
            }

            GpioPin soilPower = gpio.OpenPin(pins.GetInt("soilMoisture", "supplyGpio"), PinMode.Output);
            soilPower.Write(PinValue.High);
            station.AttachSoilMoisture(new SoilMoistureProbe(
                new NanoAdcChannel(new AdcController(), pins.GetInt("soilMoisture", "adcChannelNumber")),
                config.GetInt("soilDryRaw"),
                config.GetInt("soilDryHundredths"),
                config.GetInt("soilWetRaw"),
                config.GetInt("soilWetHundredths")));

            // Host loop: poll once a second; between samples, light sleep keeps RAM (the window's aggregates and the
            // outbox) while cutting the current to ~0.8 mA; the reed switch's GPIO interrupt wakes it for each tip.
            // Deep sleep (10 µA) would lose that RAM: it is used only when nothing is pending, see README.md.
            while (true)
            {
                watchdog.Feed();
                if (!transport.IsConnected)
                {
                    transport.TryConnect();
                }

                station.Poll();
                if (station.Outbox.Count == 0 && DeepSleepIsSafe(station, clock))
                {
                    Sleep.EnableWakeupByTimer(new TimeSpan(0, 0, (int)stationConfig.SampleIntervalSeconds));
                    Sleep.EnableWakeupByPin(Sleep.WakeupGpioPin.Pin27, 0);
                    Sleep.StartDeepSleep();
                }

                Thread.Sleep(1000);
            }
        }

        private static bool DeepSleepIsSafe(SensorStation station, NanoClock clock)
        {
            // Only straight after a window closed and was acknowledged: what a reboot loses then is at most one sample,
            // and the next window is marked Rebooted, which the protocol defines for exactly this.
            ulong now = clock.GetUnixTimeSeconds();
            return station.WindowOpen && now - station.WindowStart < 60;
        }

        private static void RunTerminal(DeviceConfig config, PinMap pins, MessageSigner signer, DeviceIdentity identity, NanoClock clock, M2MqttTransport transport, SoftwareWatchdog watchdog)
        {
            Configuration.SetPinFunction(pins.GetInt("ssd1306", "sdaGpio"), DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(pins.GetInt("ssd1306", "sclGpio"), DeviceFunction.I2C1_CLOCK);
            Configuration.SetPinFunction(pins.GetInt("pn532", "sckGpio"), DeviceFunction.SPI1_CLOCK);
            Configuration.SetPinFunction(pins.GetInt("pn532", "misoGpio"), DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(pins.GetInt("pn532", "mosiGpio"), DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(pins.GetInt("buzzer", "gpio"), DeviceFunction.PWM1);

            PaymentTerminalConfig terminalConfig = new PaymentTerminalConfig(config.Address("merchant"), config.Address("token"));
            PaymentTerminal terminal = new PaymentTerminal(signer, identity.AddressHex, clock, transport, terminalConfig);
            transport.AckSink = terminal;
            terminal.StateChanged += (t, previous, current) =>
            {
                if (current == TerminalState.IntentSigned)
                {
                    ChainStore.Save(t.Intent.Sequence, t.Intent.Digest);
                }
            };

            Ssd1306 oled = new Ssd1306(I2cDevice.Create(new I2cConnectionSettings(1, pins.GetHex("ssd1306", "address"))), Ssd13xx.DisplayResolution.OLED128x64);
            new TerminalFeedback(terminal, new Ssd1306Display(oled), new PwmBuzzer(pins.GetInt("buzzer", "gpio"), pins.GetInt("buzzer", "frequencyHz")), config.GetInt("tokenDecimals"), config.Get("currency"));

            // The Pn532 driver drives chip select itself (a GPIO it opens), so the SPI settings claim no CS line (-1).
            SpiDevice spi = SpiDevice.Create(new SpiConnectionSettings(1, -1) { ClockFrequency = pins.GetInt("pn532", "clockHz"), Mode = SpiMode.Mode0, DataFlow = DataFlow.LsbFirst });
            Pn532CardEmulation nfc = new Pn532CardEmulation(new Pn532(spi, pins.GetInt("pn532", "csGpio")), new NfcResponder(terminal));

            // Amounts come from the shop's till over the serial line (TillLink: SALE <amount> <receipt> / CANCEL).
            SerialTill till = new SerialTill(pins.GetString("till", "uart"), pins.GetInt("till", "rxGpio"), pins.GetInt("till", "txGpio"), pins.GetInt("till", "baud"));
            TillLink tillLink = new TillLink(terminal, till);
            while (true)
            {
                watchdog.Feed();
                if (!transport.IsConnected)
                {
                    transport.TryConnect();
                }

                terminal.Poll();
                if (terminal.IsWaitingForCustomer)
                {
                    nfc.ServeOnce();
                }

                till.Pump(tillLink);
                Thread.Sleep(50);
            }
        }

        private static DeviceIdentity LoadOrCreateIdentity()
        {
            if (Files.Exists(Files.KeyPath))
            {
                return new DeviceIdentity(Files.ReadBytes(Files.KeyPath));
            }

            // First boot without a provisioned key: create one on the device (it never leaves it) and print the
            // address for the provisioning tool's --address mode. nanoFramework's Random on the ESP32 draws on the
            // chip's hardware RNG (esp_random); see README.md.
            byte[] key = new byte[32];
            new Random().NextBytes(key);
            Files.WriteBytes(Files.KeyPath, key);
            DeviceIdentity identity = new DeviceIdentity(key);
            Debug.WriteLine("created device key; address " + identity.AddressHex);
            return identity;
        }
    }
}
#endif
