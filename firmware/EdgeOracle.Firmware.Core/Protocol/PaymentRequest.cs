using System;
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>
    /// A terminal's signed payment intent as an EIP-681-style URI (PROTOCOL.md §11), for a customer who scans a QR code
    /// instead of tapping:
    /// <c>ethereum:{token}@{chainId}/transfer?address={merchant}&amp;uint256={amount}&amp;terminal=…&amp;sequence=…&amp;expiry=…&amp;orderRef=…&amp;prevHash=…&amp;signature=…</c>.
    /// The one formatter and parser of that URI: the terminal formats it, wallets (the CLI's <c>customer</c> command) parse it.
    /// </summary>
    /// <remarks>
    /// The URI carries every field of the intent and the terminal's signature, so a wallet rebuilds the 243-byte envelope
    /// (<see cref="ToEnvelope"/>) and checks the signature under its own deployment's domain (<see cref="SignedByTerminal"/>):
    /// changing any field changes the digest and the signature no longer recovers to the terminal. Parsing is strict (each
    /// parameter exactly once, no unknown ones, plain lower- or upper-case hex and decimal digits) so that what a wallet shows
    /// is what it signs.
    /// </remarks>
    public sealed class PaymentRequest
    {
        /// <summary>The URI scheme with its colon, as EIP-681 writes it.</summary>
        public const string Scheme = "ethereum:";

        /// <summary>The EIP-681 function the target is called with: an ERC-20 transfer of the token.</summary>
        public const string Function = "transfer";

        private const int SignatureSize = 65;
        private const int ParameterCount = 8;

        private static readonly string[] Keys = new string[]
        {
            "address", "uint256", "terminal", "sequence", "expiry", "orderRef", "prevHash", "signature",
        };

        private PaymentRequest(PaymentIntent intent, ulong chainId, byte[] signature)
        {
            Intent = intent;
            ChainId = chainId;
            Signature = signature;
        }

        /// <summary>Gets the intent the request carries, every field as signed.</summary>
        public PaymentIntent Intent { get; }

        /// <summary>Gets the chain the request is for (EIP-681's <c>@chainId</c>).</summary>
        public ulong ChainId { get; }

        /// <summary>Gets the terminal's 65-byte signature <c>r ‖ s ‖ v</c> over the intent's digest.</summary>
        public byte[] Signature { get; }

        /// <summary>Formats the request for a signed intent envelope.</summary>
        /// <param name="intentEnvelope">The terminal's 243-byte PaymentIntent envelope.</param>
        /// <param name="chainId">The chain of the deployment the intent was signed for.</param>
        /// <returns>The URI.</returns>
        /// <exception cref="ArgumentException">The envelope is not a PaymentIntent envelope.</exception>
        public static string Format(byte[] intentEnvelope, ulong chainId)
        {
            return Format(Envelope.DecodePaymentIntent(intentEnvelope), chainId, Envelope.GetSignature(intentEnvelope));
        }

        /// <summary>Formats the request for <paramref name="intent"/> and its terminal's signature.</summary>
        /// <param name="intent">The signed intent.</param>
        /// <param name="chainId">The chain of the deployment the intent was signed for.</param>
        /// <param name="signature">The terminal's 65-byte signature.</param>
        /// <returns>The URI.</returns>
        public static string Format(PaymentIntent intent, ulong chainId, byte[] signature)
        {
            if (intent == null || signature == null || signature.Length != SignatureSize)
            {
                throw new ArgumentException("a payment request needs the intent and its 65-byte signature");
            }

            return Scheme + Hex.Encode(intent.Token) + "@" + chainId.ToString() + "/" + Function
                + "?address=" + Hex.Encode(intent.Merchant)
                + "&uint256=" + intent.Amount.ToString()
                + "&terminal=" + Hex.Encode(intent.Terminal)
                + "&sequence=" + intent.Sequence.ToString()
                + "&expiry=" + intent.Expiry.ToString()
                + "&orderRef=" + Hex.Encode(intent.OrderRef)
                + "&prevHash=" + Hex.Encode(intent.PrevHash)
                + "&signature=" + Hex.Encode(signature);
        }

        /// <summary>Parses a payment request URI.</summary>
        /// <param name="uri">The URI (surrounding white space is ignored).</param>
        /// <param name="request">The request, when it parsed.</param>
        /// <param name="error">What is wrong with it, as the end of a sentence ("the amount is not a whole number"), when it did not.</param>
        /// <returns><c>true</c> if <paramref name="uri"/> is a well-formed payment request.</returns>
        public static bool TryParse(string uri, out PaymentRequest? request, out string? error)
        {
            request = null;
            error = Parse(uri == null ? string.Empty : uri.Trim(), out request);
            return error == null;
        }

        /// <summary>
        /// Rebuilds the 243-byte envelope the terminal signed, with the domain tag of <paramref name="domain"/> (the
        /// wallet's own deployment): what the payment submission starts with.
        /// </summary>
        /// <param name="domain">The deployment's domain.</param>
        /// <returns>A new envelope.</returns>
        public byte[] ToEnvelope(Eip712Domain domain)
        {
            return Envelope.EncodePaymentIntent(Intent, domain, Signature);
        }

        /// <summary>The intent's EIP-712 digest under <paramref name="domain"/>: the customer's EIP-3009 nonce.</summary>
        /// <param name="domain">The deployment's domain.</param>
        /// <returns>A new 32-byte digest.</returns>
        public byte[] Digest(Eip712Domain domain)
        {
            return Intent.Digest(domain);
        }

        /// <summary>
        /// Whether the signature recovers to the request's terminal under <paramref name="domain"/>. False for a request
        /// whose fields were changed after signing, or one signed for another deployment or chain.
        /// </summary>
        /// <param name="domain">The wallet's deployment domain.</param>
        /// <returns><c>true</c> if the terminal named in the request signed exactly this intent.</returns>
        public bool SignedByTerminal(Eip712Domain domain)
        {
            byte[] publicKey = new byte[64];
            if (!Secp256k1.TryRecover(Digest(domain), Signature, publicKey))
            {
                return false;
            }

            byte[] signer = EthAddress.FromPublicKey(publicKey);
            for (int i = 0; i < signer.Length; i++)
            {
                if (signer[i] != Intent.Terminal[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static string? Parse(string uri, out PaymentRequest? request)
        {
            request = null;
            if (!uri.StartsWith(Scheme))
            {
                return "it does not start with " + Scheme;
            }

            int at = uri.IndexOf('@');
            int slash = uri.IndexOf('/');
            int query = uri.IndexOf('?');
            if (at < 0 || slash < at || query < slash)
            {
                return "it is not of the form ethereum:TOKEN@CHAIN/transfer?…";
            }

            byte[]? token = Bytes(uri.Substring(Scheme.Length, at - Scheme.Length), 20);
            if (token == null)
            {
                return "the token is not an address";
            }

            ulong chainId;
            if (!TryDecimal(uri.Substring(at + 1, slash - at - 1), out chainId) || chainId == 0)
            {
                return "the chain id is not a whole number above zero";
            }

            if (uri.Substring(slash + 1, query - slash - 1) != Function)
            {
                return "its function is not " + Function;
            }

            string[] values = new string[ParameterCount];
            string? problem = SplitQuery(uri.Substring(query + 1), values);
            if (problem != null)
            {
                return problem;
            }

            PaymentIntent intent = new PaymentIntent();
            intent.Token = token;
            byte[]? merchant = Bytes(values[0], 20);
            byte[]? terminal = Bytes(values[2], 20);
            byte[]? orderRef = Bytes(values[5], 32);
            byte[]? prevHash = Bytes(values[6], 32);
            byte[]? signature = Bytes(values[7], SignatureSize);
            ulong amount;
            ulong sequence;
            ulong expiry;
            if (merchant == null || terminal == null)
            {
                return "the merchant (address) or the terminal is not an address";
            }

            if (!TryDecimal(values[1], out amount) || amount == 0)
            {
                return "the amount (uint256) is not a whole number of minor units above zero";
            }

            if (!TryDecimal(values[3], out sequence) || sequence == 0 || !TryDecimal(values[4], out expiry))
            {
                return "the sequence or the expiry is not a whole number";
            }

            if (orderRef == null || prevHash == null || signature == null)
            {
                return "the orderRef, prevHash or signature is not hex of the right length";
            }

            intent.Merchant = merchant;
            intent.Amount = amount;
            intent.Terminal = terminal;
            intent.Sequence = sequence;
            intent.Expiry = expiry;
            intent.OrderRef = orderRef;
            intent.PrevHash = prevHash;
            request = new PaymentRequest(intent, chainId, signature);
            return null;
        }

        // Fills values[i] with the value of Keys[i]; each key exactly once and no other.
        private static string? SplitQuery(string query, string[] values)
        {
            int start = 0;
            while (start <= query.Length)
            {
                int end = query.IndexOf('&', start);
                if (end < 0)
                {
                    end = query.Length;
                }

                string pair = query.Substring(start, end - start);
                int equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    return "the parameter '" + pair + "' has no name=value form";
                }

                string key = pair.Substring(0, equals);
                int index = IndexOfKey(key);
                if (index < 0)
                {
                    return "it has an unknown parameter '" + key + "'";
                }

                if (values[index] != null)
                {
                    return "the parameter '" + key + "' appears twice";
                }

                values[index] = pair.Substring(equals + 1);
                start = end + 1;
            }

            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] == null)
                {
                    return "the parameter '" + Keys[i] + "' is missing";
                }
            }

            return null;
        }

        private static int IndexOfKey(string key)
        {
            for (int i = 0; i < Keys.Length; i++)
            {
                if (Keys[i] == key)
                {
                    return i;
                }
            }

            return -1;
        }

        // 0x and exactly 2 × size hex digits.
        private static byte[]? Bytes(string text, int size)
        {
            if (text.Length != 2 + (2 * size) || text[0] != '0' || text[1] != 'x')
            {
                return null;
            }

            try
            {
                return Hex.Decode(text);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        // Decimal digits only (no sign, no exponent, no leading zero unless "0"), at most 2^64 − 1.
        private static bool TryDecimal(string text, out ulong value)
        {
            value = 0;
            if (text.Length == 0 || text.Length > 20 || (text.Length > 1 && text[0] == '0'))
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                ulong digit = (ulong)(c - '0');
                if (value > (ulong.MaxValue - digit) / 10)
                {
                    return false;
                }

                value = (value * 10) + digit;
            }

            return true;
        }
    }
}
