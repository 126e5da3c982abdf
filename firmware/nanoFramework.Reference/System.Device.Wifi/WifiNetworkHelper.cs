// Reference surface (hand-written, public signatures only): see ../README.md.
using System;
using System.Device.Wifi;
using System.Threading;

namespace System.Device.Wifi
{
    /// <summary>Whether the adapter reconnects by itself.</summary>
    public enum WifiReconnectionKind
    {
        /// <summary>The adapter reconnects when the link drops.</summary>
        Automatic,

        /// <summary>The app reconnects.</summary>
        Manual,
    }
}

namespace nanoFramework.Networking
{
    /// <summary>Joins a Wi-Fi network (the helper ships in the System.Device.Wifi assembly).</summary>
    public static class WifiNetworkHelper
    {
        /// <summary>Connects with DHCP; returns whether an address was obtained before <paramref name="token"/> was cancelled.</summary>
        public static bool ConnectDhcp(
            string ssid,
            string password,
            WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic,
            bool requiresDateTime = false,
            int wifiAdapterId = 0,
            CancellationToken token = default) => throw new NotImplementedException();
    }
}
