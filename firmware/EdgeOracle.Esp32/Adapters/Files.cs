#if NANOFRAMEWORK_1_0
using System.IO;
using System.Text;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>
    /// The LittleFS drive <c>I:\</c> (internal flash; nanoFramework.System.IO.FileSystem): the provisioning file, the
    /// pin map, the device key and the CA certificate live in <c>I:\edgeoracle\</c>.
    /// </summary>
    internal static class Files
    {
        public const string Root = "I:\\edgeoracle\\";
        public const string ConfigPath = Root + "device.conf";
        public const string PinMapPath = Root + "pinmap.json";
        public const string KeyPath = Root + "device.key";
        public const string CaCertPath = Root + "ca.pem";
        public const string JournalPath = Root + "journal.bin";

        public static bool Exists(string path)
        {
            return File.Exists(path);
        }

        public static string ReadText(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            return Encoding.UTF8.GetString(bytes, 0, bytes.Length);
        }

        public static byte[] ReadBytes(string path)
        {
            return File.ReadAllBytes(path);
        }

        public static void WriteBytes(string path, byte[] bytes)
        {
            EnsureRoot();
            File.WriteAllBytes(path, bytes);
        }

        public static void EnsureRoot()
        {
            if (!Directory.Exists(Root))
            {
                Directory.CreateDirectory(Root);
            }
        }
    }
}
#endif
