using System;
using System.Text;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Protocol;
using Nethereum.ABI.EIP712;

namespace EdgeOracle.Firmware.Core.Tests.Protocol
{
    public sealed class Eip712Tests
    {
        [Fact]
        public void ObservationHashes_EqualNethereum_ForRandomObservationsAndDomains()
        {
            Random random = new Random(10);
            for (int i = 0; i < 300; i++)
            {
                Eip712Domain domain = RandomMessages.Domain(random);
                Observation o = RandomMessages.Observation(random);
                TypedDataHashResult expected = NethereumTypedData.Hash(domain, o);
                Assert.Equal(expected.DomainHash, domain.Separator);
                Assert.Equal(expected.MessageHash, o.StructHash());
                Assert.Equal(expected.TypedDataHash, o.Digest(domain));
            }
        }

        [Fact]
        public void PaymentIntentHashes_EqualNethereum_ForRandomIntents()
        {
            Random random = new Random(11);
            for (int i = 0; i < 300; i++)
            {
                Eip712Domain domain = RandomMessages.Domain(random);
                PaymentIntent p = RandomMessages.PaymentIntent(random);
                TypedDataHashResult expected = NethereumTypedData.Hash(domain, p);
                Assert.Equal(expected.MessageHash, p.StructHash());
                Assert.Equal(expected.TypedDataHash, Eip712.Digest(domain.Separator, p.StructHash()));
            }
        }

        [Fact]
        public void ReceiveAuthorizationDigest_EqualsNethereum_OnTheTokenDomain()
        {
            Random random = new Random(12);
            Eip712Domain token = new Eip712Domain("Test USD", "1", 31337, RandomMessages.Bytes(random, 20));
            for (int i = 0; i < 100; i++)
            {
                ReceiveAuthorization a = new ReceiveAuthorization
                {
                    From = RandomMessages.Bytes(random, 20),
                    To = RandomMessages.Bytes(random, 20),
                    Value = RandomMessages.UInt64(random),
                    ValidAfter = RandomMessages.UInt64(random),
                    ValidBefore = RandomMessages.UInt64(random),
                    Nonce = RandomMessages.Bytes(random, 32),
                };
                Assert.Equal(NethereumTypedData.Hash(token, a).TypedDataHash, a.Digest(token));
            }
        }

        [Fact]
        public void TypeHashes_AreKeccakOfTheSpecTypeStrings()
        {
            Assert.Equal(Keccak256.Hash(Encoding.ASCII.GetBytes("Observation(address device,uint64 sequence,uint32 metric,uint64 windowStart,uint64 windowEnd,int64 value,uint32 sampleCount,uint32 flags,bytes32 prevHash)")), Observation.TypeHash);
            Assert.Equal(Keccak256.Hash(Encoding.ASCII.GetBytes("PaymentIntent(address terminal,address merchant,address token,uint256 amount,uint64 expiry,bytes32 orderRef,uint64 sequence,bytes32 prevHash)")), PaymentIntent.TypeHash);
        }

        [Fact]
        public void DomainSeparator_HashesNonAsciiNamesAsUtf8()
        {
            Eip712Domain domain = new Eip712Domain("Prüfstand 雨量 🌧", "1", 1, new byte[20]);
            TypedDataHashResult expected = NethereumTypedData.Hash(domain, new Observation());
            Assert.Equal(expected.DomainHash, domain.Separator);
        }

        [Fact]
        public void ForDeployment_UsesEdgeOracleVersion1_AndTagIsTheSeparatorsFirstFourBytes()
        {
            Eip712Domain domain = Eip712Domain.ForDeployment(31337, new byte[20]);
            Assert.Equal("EdgeOracle", domain.Name);
            Assert.Equal("1", domain.Version);
            Assert.Equal(domain.Separator.AsSpan(0, 4).ToArray(), domain.Tag);
            Assert.True(domain.MatchesTag(domain.Separator, 0));
            Assert.False(Eip712Domain.ForDeployment(1, new byte[20]).MatchesTag(domain.Separator, 0));
        }

        [Fact]
        public void StructHash_Throws_WhenAnAddressHasTheWrongLength()
        {
            Observation o = new Observation { Device = new byte[19] };
            ArgumentException e = Assert.Throws<ArgumentException>(() => o.StructHash());
            Assert.Contains("Device", e.Message);
        }
    }
}
