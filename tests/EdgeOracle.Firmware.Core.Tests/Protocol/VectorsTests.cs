using System;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text.Json;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Vectors;
using EthECDSASignature = Nethereum.Signer.EthECDSASignature;
using EthECDSASignatureFactory = Nethereum.Signer.EthECDSASignatureFactory;
using EthECKey = Nethereum.Signer.EthECKey;
using Nethereum.Util;

namespace EdgeOracle.Firmware.Core.Tests.Protocol
{
    /// <summary>The committed vectors.json: reproduced by the core, and its contents confirmed by Nethereum.</summary>
    public sealed class VectorsTests
    {
        private static readonly string VectorsPath = Path.Combine(RepositoryPaths.FindRoot(AppContext.BaseDirectory), RepositoryPaths.VectorsRelativePath);
        private static readonly JsonElement Root = JsonDocument.Parse(File.ReadAllText(VectorsPath)).RootElement;
        private static readonly Eip712Domain Domain = Eip712Domain.ForDeployment(ulong.Parse(Root.GetProperty("domain").GetProperty("chainId").GetString()!), Bytes(Root.GetProperty("domain"), "verifyingContract"));

        [Fact]
        public void CommittedVectors_AreReproducedBitForBit_ByTheCore()
        {
            Assert.True(File.ReadAllText(VectorsPath) == VectorGenerator.Generate(), "vectors.json is stale: run dotnet run --project tools/EdgeOracle.Vectors");
        }

        [Fact]
        public void Vectors_CoverTheCasesTheSpecAsksFor()
        {
            Assert.True(Root.GetProperty("observations").GetArrayLength() >= 4);
            Assert.Equal(3, Root.GetProperty("paymentIntents").GetArrayLength());
            int[] lengths = Root.GetProperty("keccak").EnumerateArray().Select(k => Bytes(k, "input").Length).ToArray();
            Assert.Subset(lengths.ToHashSet(), new[] { 0, 135, 136, 137 }.ToHashSet());
            string[] reasons = Root.GetProperty("rejections").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!).ToArray();
            foreach (string reason in new[] { "Truncated", "Oversized", "WrongDomain", "BadSignature", "UnknownDevice", "WrongRole", "TopicMismatch", "Malformed" })
            {
                Assert.Contains(reason, reasons);
            }
        }

        [Fact]
        public void Domain_SeparatorAndTag_EqualNethereum()
        {
            Assert.Equal(NethereumTypedData.Hash(Domain, new Observation()).DomainHash, Bytes(Root.GetProperty("domain"), "separator"));
            Assert.Equal(Domain.Tag, Bytes(Root.GetProperty("domain"), "tag"));
        }

        [Fact]
        public void KeccakVectors_EqualNethereum()
        {
            foreach (JsonElement k in Root.GetProperty("keccak").EnumerateArray())
            {
                Assert.Equal(new Sha3Keccack().CalculateHash(Bytes(k, "input")), Bytes(k, "hash"));
            }
        }

        [Fact]
        public void ObservationVectors_HaveNethereumDigests_AndRecoverToTheirDevice()
        {
            foreach (JsonElement v in Root.GetProperty("observations").EnumerateArray())
            {
                Observation o = new Observation
                {
                    Device = Bytes(v, "device"), Sequence = UInt(v, "sequence"), Metric = (uint)UInt(v, "metric"),
                    WindowStart = UInt(v, "windowStart"), WindowEnd = UInt(v, "windowEnd"), Value = long.Parse(v.GetProperty("value").GetString()!),
                    SampleCount = (uint)UInt(v, "sampleCount"), Flags = (uint)UInt(v, "flags"), PrevHash = Bytes(v, "prevHash"),
                };
                var expected = NethereumTypedData.Hash(Domain, o);
                Assert.Equal(expected.MessageHash, Bytes(v, "structHash"));
                Assert.Equal(expected.TypedDataHash, Bytes(v, "digest"));
                Assert.Equal(Hex.Encode(o.Device), NethereumRecover(Bytes(v, "digest"), Bytes(v, "signature")));
                Assert.Equal(Hex.Encode(o.Device), new EthECKey(Bytes(v, "privateKey"), true).GetPublicAddress().ToLowerInvariant());
                Assert.Equal(o.StructHash(), Envelope.DecodeObservation(Bytes(v, "wire")).StructHash());
            }
        }

        [Fact]
        public void PaymentVectors_HaveNethereumDigests_AndCustomerSignaturesRecoverToFrom()
        {
            foreach (JsonElement v in Root.GetProperty("paymentIntents").EnumerateArray())
            {
                PaymentIntent p = Envelope.DecodePaymentIntent(Bytes(v, "wire"));
                Assert.Equal(UInt(v, "amount"), p.Amount);
                Assert.Equal(NethereumTypedData.Hash(Domain, p).TypedDataHash, Bytes(v, "digest"));
                Assert.Equal(Hex.Encode(p.Terminal), NethereumRecover(Bytes(v, "digest"), Bytes(v, "signature")));

                JsonElement c = v.GetProperty("customer");
                Eip712Domain token = new Eip712Domain(c.GetProperty("tokenName").GetString()!, c.GetProperty("tokenVersion").GetString()!, UInt(c, "tokenChainId"), Bytes(c, "tokenAddress"));
                ReceiveAuthorization authorization = new ReceiveAuthorization
                {
                    From = Bytes(c, "from"), To = Bytes(c, "router"), Value = p.Amount, ValidAfter = UInt(c, "validAfter"),
                    ValidBefore = UInt(c, "validBefore"), Nonce = Bytes(v, "digest"),
                };
                Assert.Equal(NethereumTypedData.Hash(token, authorization).TypedDataHash, Bytes(c, "digest"));
                Assert.Equal(Hex.Encode(authorization.From), NethereumRecover(Bytes(c, "digest"), Bytes(c, "signature")));

                PaymentSubmission submission = PaymentSubmission.Decode(Bytes(v, "submission"));
                Assert.Equal(Bytes(v, "wire"), submission.IntentEnvelope);
                Assert.Equal(Bytes(c, "signature"), submission.CustomerSignature);
            }
        }

        [Fact]
        public void MessageSigner_ReproducesSensor1sChainedObservations_FromAFreshChain()
        {
            JsonElement[] sensor1 = Root.GetProperty("observations").EnumerateArray().Where(v => v.GetProperty("label").GetString() == "sensor/1").ToArray();
            MessageSigner signer = new MessageSigner(new DeviceIdentity(Bytes(sensor1[0], "privateKey")), Domain, new MessageChain());
            foreach (JsonElement v in sensor1)
            {
                Observation o = Envelope.DecodeObservation(Bytes(v, "wire"));
                Observation unsigned = new Observation
                {
                    Metric = o.Metric, WindowStart = o.WindowStart, WindowEnd = o.WindowEnd, Value = o.Value, SampleCount = o.SampleCount, Flags = o.Flags,
                };
                Assert.Equal(Bytes(v, "wire"), signer.SignObservation(unsigned).Envelope);
            }
        }

        [Fact]
        public void BadSignatureRejections_FailRecoveryToTheClaimedDevice()
        {
            JsonElement[] rejections = Root.GetProperty("rejections").EnumerateArray().Where(r => r.GetProperty("reason").GetString() == "BadSignature").ToArray();
            Assert.Equal(2, rejections.Length);
            foreach (JsonElement r in rejections)
            {
                byte[] payload = Bytes(r, "payload");
                Observation o = Envelope.DecodeObservation(payload);
                byte[] publicKey = new byte[64];
                bool recovered = Secp256k1.TryRecover(o.Digest(Domain), Envelope.GetSignature(payload), publicKey);
                Assert.False(recovered && EthAddress.FromPublicKey(publicKey).AsSpan().SequenceEqual(o.Device));
            }
        }

        private static string NethereumRecover(byte[] digest, byte[] signature)
        {
            EthECDSASignature s = EthECDSASignatureFactory.FromComponents(signature.AsSpan(0, 32).ToArray(), signature.AsSpan(32, 32).ToArray(), signature[64]);
            return EthECKey.RecoverFromSignature(s, digest).GetPublicAddress().ToLowerInvariant();
        }

        private static byte[] Bytes(JsonElement element, string name) => Hex.Decode(element.GetProperty(name).GetString()!);

        private static ulong UInt(JsonElement element, string name) => (ulong)BigInteger.Parse(element.GetProperty(name).GetString()!);
    }
}
