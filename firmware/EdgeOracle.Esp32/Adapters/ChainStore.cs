#if NANOFRAMEWORK_1_0
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>
    /// Persists the head of the device's hash chain (last sequence and digest) in <c>I:\edgeoracle\chain.dat</c> after
    /// every signature, so a reboot never reuses a sequence (PROTOCOL.md §5). The flash journal
    /// (Firmware.Core/Journal) supersedes this once it backs the outbox on the device.
    /// </summary>
    internal static class ChainStore
    {
        private const string Path = Files.Root + "chain.dat";

        public static MessageChain Load()
        {
            if (!Files.Exists(Path))
            {
                return new MessageChain();
            }

            byte[] data = Files.ReadBytes(Path);
            byte[] digest = new byte[32];
            System.Array.Copy(data, 8, digest, 0, 32);
            return new MessageChain(BigEndian.ReadUInt64(data, 0), digest);
        }

        public static void Save(ulong sequence, byte[] digest)
        {
            byte[] data = new byte[40];
            BigEndian.WriteUInt64(data, 0, sequence);
            System.Array.Copy(digest, 0, data, 8, 32);
            Files.WriteBytes(Path, data);
        }
    }
}
#endif
