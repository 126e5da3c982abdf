using System;
using System.IO;
using System.Numerics;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Nethereum;
using EdgeOracle.Protocol.Wire;
using Nethereum.ABI.EIP712;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Util;

namespace EdgeOracle.Emulator.Wallet
{
    /// <summary>
    /// An emulated phone wallet for tap-to-pay. It reads the terminal's payment intent, checks it (its own EIP-712
    /// digest, the terminal's signature, the token, the expiry) and signs an EIP-3009 <c>ReceiveWithAuthorization</c>
    /// on the token's domain with <c>to = router</c>, <c>value = amount</c> and <c>nonce = intent digest</c> — or, when it
    /// pays with another token (<see cref="CustomerWalletOptions.PaysWith"/>), on that token's domain for the max-in.
    /// </summary>
    /// <remarks>
    /// Everything here uses Nethereum and none of the firmware core, on purpose: a wallet that agrees with the
    /// terminal on the intent digest is an independent check of the core's EIP-712 implementation.
    /// </remarks>
    public sealed partial class CustomerWallet
    {
        private static readonly Eip712TypedDataSigner Signer = Eip712TypedDataSigner.Current;

        private readonly EthECKey _key;
        private readonly CustomerWalletOptions _options;

        /// <summary>Creates a wallet that holds <paramref name="privateKey"/>.</summary>
        /// <param name="privateKey">The customer's 32-byte secp256k1 key.</param>
        /// <param name="options">The deployment and token the wallet pays into.</param>
        public CustomerWallet(byte[] privateKey, CustomerWalletOptions options)
        {
            ArgumentNullException.ThrowIfNull(privateKey);
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _key = new EthECKey(privateKey, true);
            Address = _key.GetPublicAddress().ToLowerInvariant();
        }

        /// <summary>Gets the wallet's address, lower-case <c>0x</c> hex.</summary>
        public string Address { get; }

        /// <summary>
        /// Reads a terminal's 243-byte intent envelope, computes its EIP-712 digest and checks that the terminal in it
        /// signed it under this deployment's domain.
        /// </summary>
        /// <param name="intentEnvelope">The envelope the terminal shows (over NFC on real hardware).</param>
        /// <returns>The intent and its digest.</returns>
        /// <exception cref="InvalidDataException">The envelope is malformed or its signature is not the terminal's.</exception>
        public IntentView ReadIntent(byte[] intentEnvelope)
        {
            ArgumentNullException.ThrowIfNull(intentEnvelope);
            if (EnvelopeDecoder.ReadPaymentIntent(intentEnvelope, out PaymentIntentEnvelope? envelope) != ReasonCode.Accepted)
            {
                throw new InvalidDataException($"Not a version-1 PaymentIntent envelope ({intentEnvelope.Length} bytes).");
            }

            PaymentIntentStruct message = PaymentIntentStruct.Of(envelope!.Body);

            TypedData<Domain> typedData = TypedDataFactory.ForDeployment<PaymentIntentStruct>(_options.ChainId, _options.DeviceRegistry);
            byte[] digest = Sha3Keccack.Current.CalculateHash(Signer.EncodeTypedData(message, typedData));
            string signature = envelope.Signature.ToArray().ToHex(true);
            string signer = Signer.RecoverFromSignatureV4(message, typedData, signature);
            if (!string.Equals(signer, message.Terminal, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException(
                    $"The intent claims terminal {message.Terminal} but its signature recovers to {signer}; wrong domain or forged.");
            }

            return new IntentView(
                message.Terminal,
                message.Merchant,
                message.Token,
                message.Amount,
                message.Expiry,
                message.OrderRef,
                message.Sequence,
                message.PrevHash,
                digest);
        }

        /// <summary>
        /// The customer's tap: reads and checks the intent, then signs a <c>ReceiveWithAuthorization</c> for it, valid
        /// from now (<c>validAfter = 0</c>) until the intent expires (<c>validBefore = expiry</c>).
        /// </summary>
        /// <param name="intentEnvelope">The terminal's 243-byte intent envelope.</param>
        /// <returns>The signed authorization.</returns>
        /// <exception cref="InvalidDataException">The intent does not check out, is in another token, or has expired.</exception>
        public CustomerAuthorization Authorize(byte[] intentEnvelope)
        {
            IntentView intent = ReadIntent(intentEnvelope);
            if (!string.Equals(intent.Token, _options.TokenAddress, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"The intent asks for token {intent.Token}; this wallet pays in {_options.TokenAddress}.");
            }

            ulong now = (ulong)_options.Time.GetUtcNow().ToUnixTimeSeconds();
            if (now >= intent.Expiry)
            {
                throw new InvalidDataException($"The intent expired at {intent.Expiry} (now {now}).");
            }

            CrossBorderPayment? paysWith = _options.PaysWith;
            CustomerAuthorization unsigned = new(
                Address, _options.PaymentHub.ToLowerInvariant(), paysWith?.MaxInputFor(intent.Amount) ?? intent.Amount, 0, intent.Expiry, intent.Digest, [],
                paysWith?.Token.ToLowerInvariant());
            byte[] signature = Signer.SignTypedDataV4(MessageOf(unsigned), TokenDomain(_options, unsigned), _key).HexToByteArray();
            return unsigned with { Signature = signature };
        }

        /// <summary>Recovers who signed <paramref name="authorization"/> on the token's domain in <paramref name="options"/>.</summary>
        /// <param name="authorization">A signed authorization.</param>
        /// <param name="options">The deployment and token.</param>
        /// <returns>The signer's address, lower-case <c>0x</c> hex.</returns>
        public static string RecoverAuthorizer(CustomerAuthorization authorization, CustomerWalletOptions options)
        {
            ArgumentNullException.ThrowIfNull(authorization);
            ArgumentNullException.ThrowIfNull(options);
            return Signer.RecoverFromSignatureV4(MessageOf(authorization), TokenDomain(options, authorization), authorization.Signature.ToHex(true)).ToLowerInvariant();
        }

        private static ReceiveWithAuthorizationStruct MessageOf(CustomerAuthorization authorization) => new()
        {
            From = authorization.From,
            To = authorization.To,
            Value = authorization.Value,
            ValidAfter = authorization.ValidAfter,
            ValidBefore = authorization.ValidBefore,
            Nonce = authorization.Nonce,
        };

        // The domain the authorization is signed on: the pay token's for a cross-border sale, the intent token's otherwise.
        private static TypedData<Domain> TokenDomain(CustomerWalletOptions options, CustomerAuthorization authorization) =>
            authorization.IsCrossBorder && options.PaysWith is { } paysWith
                ? TypedDataFactory.For<ReceiveWithAuthorizationStruct>(options.ChainId, paysWith.TokenName, paysWith.TokenVersion, paysWith.Token)
                : TypedDataFactory.For<ReceiveWithAuthorizationStruct>(options.ChainId, options.TokenName, options.TokenVersion, options.TokenAddress);
    }
}
