using System;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Nethereum;
using EdgeOracle.Protocol.Wire;
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
        public static ObservationStruct ParseObservation(byte[] envelope)
        {
            if (EnvelopeDecoder.ReadObservation(envelope, out ObservationEnvelope? decoded) != ReasonCode.Accepted)
            {
                throw new FormatException($"not an observation envelope ({envelope.Length} bytes)");
            }

            return ObservationStruct.Of(decoded!.Body);
        }

        public static byte[] ObservationDigest(byte[] envelope) => Sha3Keccack.Current.CalculateHash(
            Eip712TypedDataSigner.Current.EncodeTypedData(
                ParseObservation(envelope),
                TypedDataFactory.ForDeployment<ObservationStruct>(TestKeys.ChainId, TestKeys.Registry)));

        /// <summary>Recovers the signer of an observation envelope from its own digest and its r ‖ s ‖ v.</summary>
        public static string RecoverObservationSigner(byte[] envelope)
        {
            EthECDSASignature signature = EthECDSASignatureFactory.ExtractECDSASignature(envelope.AsSpan(102, 65).ToArray().ToHex(true));
            return EthECKey.RecoverFromSignature(signature, ObservationDigest(envelope)).GetPublicAddress().ToLowerInvariant();
        }
    }
}
