using System;
using System.Buffers.Binary;
using EdgeOracle.Emulator.Eip712;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Util;

namespace EdgeOracle.Emulator.Tests.Support
{
    /// <summary>
    /// Verifies observation envelopes the way an outside party would: parses the 167 bytes by the offsets of
    /// PROTOCOL.md §4 and recomputes the EIP-712 digest and signer with Nethereum, sharing no code with the core.
    /// </summary>
    internal static class NethereumCheck
    {
        public static ObservationMessage ParseObservation(byte[] envelope)
        {
            if (envelope.Length != 167 || envelope[0] != 1 || envelope[1] != 1)
            {
                throw new FormatException($"not an observation envelope ({envelope.Length} bytes)");
            }

            ReadOnlySpan<byte> b = envelope.AsSpan(6, 96);
            return new ObservationMessage
            {
                Device = b[..20].ToArray().ToHex(true),
                Sequence = BinaryPrimitives.ReadUInt64BigEndian(b[20..]),
                Metric = BinaryPrimitives.ReadUInt32BigEndian(b[28..]),
                WindowStart = BinaryPrimitives.ReadUInt64BigEndian(b[32..]),
                WindowEnd = BinaryPrimitives.ReadUInt64BigEndian(b[40..]),
                Value = BinaryPrimitives.ReadInt64BigEndian(b[48..]),
                SampleCount = BinaryPrimitives.ReadUInt32BigEndian(b[56..]),
                Flags = BinaryPrimitives.ReadUInt32BigEndian(b[60..]),
                PrevHash = b[64..96].ToArray(),
            };
        }

        public static byte[] ObservationDigest(byte[] envelope) => Sha3Keccack.Current.CalculateHash(
            Eip712TypedDataSigner.Current.EncodeTypedData(
                ParseObservation(envelope),
                TypedDataFactory.ForDeployment<ObservationMessage>("Observation", TestKeys.ChainId, TestKeys.Registry)));

        /// <summary>Recovers the signer of an observation envelope from its own digest and its r ‖ s ‖ v.</summary>
        public static string RecoverObservationSigner(byte[] envelope)
        {
            EthECDSASignature signature = EthECDSASignatureFactory.ExtractECDSASignature(envelope.AsSpan(102, 65).ToArray().ToHex(true));
            return EthECKey.RecoverFromSignature(signature, ObservationDigest(envelope)).GetPublicAddress().ToLowerInvariant();
        }
    }
}
