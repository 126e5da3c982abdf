#if NANOFRAMEWORK_1_0
using System;
using System.Device.Wifi;
using System.Threading;
using nanoFramework.Networking;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>Wi-Fi (DHCP) and SNTP: the clock must be set before the station opens a window or the terminal signs.</summary>
    internal static class Network
    {
        public static bool TryConnect(string ssid, string password, string sntpServer, int timeoutMilliseconds)
        {
            CancellationTokenSource cts = new CancellationTokenSource(timeoutMilliseconds);
            bool connected = WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind.Automatic, requiresDateTime: false, token: cts.Token);
            if (!connected)
            {
                return false;
            }

            if (sntpServer != null && sntpServer.Length > 0)
            {
                Sntp.Server1 = sntpServer;
            }

            Sntp.Start();
            Sntp.UpdateNow();

            // SNTP sets the RTC asynchronously; wait until it reads a plausible date (after 2020-01-01).
            DateTime valid = new DateTime(2020, 1, 1);
            for (int i = 0; i < 100 && DateTime.UtcNow < valid; i++)
            {
                Thread.Sleep(100);
            }

            return DateTime.UtcNow >= valid;
        }
    }
}
#endif
