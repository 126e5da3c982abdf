using System;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EthECDSASignature = Nethereum.Signer.EthECDSASignature;
using EthECDSASignatureFactory = Nethereum.Signer.EthECDSASignatureFactory;
using EthECKey = Nethereum.Signer.EthECKey;

namespace EdgeOracle.Firmware.Core.Tests.Device
{
    public sealed class MessageSignerTests
    {
        private static readonly Eip712Domain Domain = Eip712Domain.ForDeployment(31337, Hex.Decode("0x00000000000000000000000000000000000e0e0e"));
        private static readonly byte[] Key = Keccak256.Hash(new byte[] { 42 });

        [Fact]
        public void Recover_ReturnsSigner_ForDeviceSignedObservation()
        {
            DeviceIdentity identity = new DeviceIdentity(Key);
            MessageSigner signer = new MessageSigner(identity, Domain, new MessageChain());
            SignedMessage message = signer.SignObservation(new Observation { Metric = Metrics.Rainfall, WindowStart = 10, WindowEnd = 20, Value = 400, SampleCount = 2 });

            byte[] signature = Envelope.GetSignature(message.Envelope);
            EthECDSASignature ethSignature = EthECDSASignatureFactory.FromComponents(signature.AsSpan(0, 32).ToArray(), signature.AsSpan(32, 32).ToArray(), signature[64]);
            Assert.Equal(identity.AddressHex, EthECKey.RecoverFromSignature(ethSignature, message.Digest).GetPublicAddress().ToLowerInvariant());
            Assert.Equal(new EthECKey(Key, true).GetPublicAddress().ToLowerInvariant(), identity.AddressHex);
        }

        [Fact]
        public void SignObservation_FillsDeviceSequenceAndPrevHash_AndAdvancesTheChain()
        {
            DeviceIdentity identity = new DeviceIdentity(Key);
            MessageChain chain = new MessageChain();
            MessageSigner signer = new MessageSigner(identity, Domain, chain);

            Observation first = new Observation { WindowStart = 1, WindowEnd = 2 };
            SignedMessage one = signer.SignObservation(first);
            Observation second = new Observation { WindowStart = 2, WindowEnd = 3 };
            SignedMessage two = signer.SignObservation(second);

            Assert.Equal(identity.Address, first.Device);
            Assert.Equal(1UL, one.Sequence);
            Assert.Equal(new byte[32], first.PrevHash);
            Assert.Equal(2UL, two.Sequence);
            Assert.Equal(one.Digest, second.PrevHash);
            Assert.Equal(2UL, chain.LastSequence);
            Assert.Equal(two.Digest, chain.LastDigest);
            Assert.Equal(MessageKinds.Observation, two.Kind);
            Assert.Equal(second.Digest(Domain), two.Digest);
            Assert.Equal(second.StructHash(), Envelope.DecodeObservation(two.Envelope).StructHash());
        }

        [Fact]
        public void SignPaymentIntent_ContinuesTheSameChain_AfterObservations()
        {
            DeviceIdentity identity = new DeviceIdentity(Key);
            MessageChain chain = new MessageChain(41, Keccak256.Hash(new byte[] { 1 }));
            MessageSigner signer = new MessageSigner(identity, Domain, chain);
            PaymentIntent intent = new PaymentIntent { Amount = 12500000, Expiry = 4102444800 };
            SignedMessage message = signer.SignPaymentIntent(intent);

            Assert.Equal(42UL, message.Sequence);
            Assert.Equal(MessageKinds.PaymentIntent, message.Kind);
            Assert.Equal(Keccak256.Hash(new byte[] { 1 }), intent.PrevHash);
            Assert.Equal(identity.Address, Envelope.DecodePaymentIntent(message.Envelope).Terminal);
            byte[] publicKey = new byte[64];
            Assert.True(Secp256k1.TryRecover(message.Digest, Envelope.GetSignature(message.Envelope), publicKey));
            Assert.Equal(identity.Address, EthAddress.FromPublicKey(publicKey));
        }

        [Fact]
        public void DeviceIdentity_Throws_ForAnInvalidKey()
        {
            Assert.Throws<ArgumentException>(() => new DeviceIdentity(new byte[32]));
            Assert.Throws<ArgumentException>(() => new DeviceIdentity(new byte[16]));
        }
    }
}
