// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace nanoFramework.Networking
{
    /// <summary>The device's SNTP client, which sets the RTC.</summary>
    public class Sntp
    {
        /// <summary>Starts the client.</summary>
        public static void Start() => throw new NotImplementedException();

        /// <summary>Asks the server now instead of at the next interval.</summary>
        public static void UpdateNow() => throw new NotImplementedException();

        /// <summary>The first server's host name.</summary>
        public static string Server1
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }
    }
}
