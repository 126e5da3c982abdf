#if NANOFRAMEWORK_1_0
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>
    /// Where amounts come from. Not implemented on this board: a keypad or the till's serial link would feed
    /// <see cref="Next"/>. It returns 0 (no sale) until one is wired.
    /// </summary>
    internal static class Cashier
    {
        private static uint _receipt;

        public static ulong Next()
        {
            return 0;
        }

        public static byte[] OrderRef()
        {
            _receipt++;
            return Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes("R-" + _receipt.ToString()));
        }
    }
}
#endif
