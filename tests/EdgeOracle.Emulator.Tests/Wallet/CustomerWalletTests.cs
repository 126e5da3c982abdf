using System;
using System.IO;
using System.Numerics;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Emulator.Wallet;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Emulator.Tests.Wallet
{
    public class CustomerWalletTests
    {
        private static readonly DateTimeOffset Now = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);
        private static readonly BigInteger HalfOrder = BigInteger.Parse("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", System.Globalization.NumberStyles.HexNumber);
        private readonly CustomerWalletOptions _options = new()
        {
            ChainId = TestKeys.ChainId,
            DeviceRegistry = TestKeys.Registry,
            TokenName = TestKeys.TokenName,
            TokenAddress = TestKeys.Token,
            PaymentHub = TestKeys.Router,
            Time = new FixedTime(Now),
        };

        [Fact]
        public void Authorization_RecoversToTheWallet_WithNethereumsEip712Signer()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _options);

            CustomerAuthorization auth = wallet.Authorize(SignIntent(12_500_000).Envelope);

            Assert.Equal(wallet.Address, CustomerWallet.RecoverAuthorizer(auth, _options));
            Assert.Equal(new BigInteger(12_500_000), auth.Value);
            Assert.Equal(TestKeys.Router, auth.To);
        }

        [Fact]
        public void Authorization_AlsoRecoversToTheWallet_WithTheFirmwareCoresOwnEip712AndSecp256k1()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _options);
            SignedMessage intent = SignIntent(12_500_000);

            CustomerAuthorization auth = wallet.Authorize(intent.Envelope);

            ReceiveAuthorization core = new()
            {
                From = auth.FromBytes,
                To = Hex.Decode(TestKeys.Router),
                Value = 12_500_000,
                ValidAfter = auth.ValidAfter,
                ValidBefore = auth.ValidBefore,
                Nonce = intent.Digest,
            };
            Eip712Domain tokenDomain = new(TestKeys.TokenName, "1", TestKeys.ChainId, Hex.Decode(TestKeys.Token));
            byte[] publicKey = new byte[64];
            Assert.True(Secp256k1.TryRecover(core.Digest(tokenDomain), auth.Signature, publicKey));
            Assert.Equal(wallet.Address, Hex.Encode(EthAddress.FromPublicKey(publicKey)));
        }

        [Fact]
        public void AWalletPayingInAnotherToken_SignsItsMaxInput_OnThatTokensDomain_AndPutsItOverNfc()
        {
            const string euro = "0xdc64a140aa3e981100a9beca4e685f962f0cf6c9";
            CustomerWalletOptions options = _options with { PaysWith = new CrossBorderPayment(euro, "Test EUR", 0.955m) };
            CustomerWallet wallet = new(TestKeys.Customer, options);

            CustomerAuthorization auth = wallet.Authorize(SignIntent(11_000_000).Envelope);
            byte[] apdu = CustomerWallet.PutAuthorizationApdu(auth);

            Assert.True(auth.IsCrossBorder);
            Assert.Equal(euro, auth.PayToken);
            Assert.Equal(new BigInteger(10_505_000), auth.Value); // 11 × 0.955, rounded up
            Assert.Equal(wallet.Address, CustomerWallet.RecoverAuthorizer(auth, options));
            Assert.NotEqual(wallet.Address, CustomerWallet.RecoverAuthorizer(auth with { PayToken = null }, options)); // not on the tUSD domain
            Assert.Equal(5 + 185, apdu.Length);
            Assert.Equal(185, apdu[4]);
            Assert.Equal(Hex.Decode(euro), apdu[138..158]);
            Assert.Equal(new BigInteger(10_505_000), new BigInteger(apdu.AsSpan(158), isUnsigned: true, isBigEndian: true));
        }

        [Fact]
        public void WalletsIntentDigest_EqualsTheTerminalsDigest_AndBecomesTheNonce()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _options);
            SignedMessage intent = SignIntent(500);

            IntentView view = wallet.ReadIntent(intent.Envelope);
            CustomerAuthorization auth = wallet.Authorize(intent.Envelope);

            Assert.Equal(intent.Digest, view.Digest);
            Assert.Equal(intent.Digest, auth.Nonce);
            Assert.Equal(view.Expiry, auth.ValidBefore);
            Assert.Equal(0ul, auth.ValidAfter);
        }

        [Fact]
        public void Signature_IsLowS_WithVOf27Or28()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _options);

            for (ulong amount = 1; amount <= 8; amount++)
            {
                byte[] signature = wallet.Authorize(SignIntent(amount).Envelope).Signature;

                Assert.Equal(65, signature.Length);
                Assert.InRange(signature[64], (byte)27, (byte)28);
                Assert.True(new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true) <= HalfOrder);
            }
        }

        [Fact]
        public void TamperedIntent_IsRefused_BecauseItsSignatureNoLongerRecoversToTheTerminal()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _options);
            byte[] envelope = SignIntent(500).Envelope;
            envelope[6 + 60 + 31] ^= 0x01; // the amount's lowest byte

            Assert.Throws<InvalidDataException>(() => wallet.Authorize(envelope));
        }

        [Fact]
        public void IntentForAnotherDeployment_IsRefused()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _options with { DeviceRegistry = "0x0000000000000000000000000000000000000001" });

            Assert.Throws<InvalidDataException>(() => wallet.Authorize(SignIntent(500).Envelope));
        }

        [Fact]
        public void IntentInAnotherToken_IsRefused()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _options with { TokenAddress = TestKeys.Router });

            Assert.Throws<InvalidDataException>(() => wallet.Authorize(SignIntent(500).Envelope));
        }

        [Fact]
        public void ExpiredIntent_IsRefused()
        {
            CustomerWallet wallet = new(TestKeys.Customer, _options with { Time = new FixedTime(Now.AddSeconds(120)) });

            Assert.Throws<InvalidDataException>(() => wallet.Authorize(SignIntent(500).Envelope));
        }

        private static SignedMessage SignIntent(ulong amount)
        {
            MessageSigner signer = new(
                new DeviceIdentity(TestKeys.Terminal),
                Eip712Domain.ForDeployment(TestKeys.ChainId, Hex.Decode(TestKeys.Registry)),
                new MessageChain());
            return signer.SignPaymentIntent(new PaymentIntent
            {
                Merchant = Hex.Decode(TestKeys.Merchant),
                Token = Hex.Decode(TestKeys.Token),
                Amount = amount,
                Expiry = (ulong)Now.ToUnixTimeSeconds() + 120,
                OrderRef = Keccak256.Hash(new byte[] { 7 }),
            });
        }
    }
}
