using System.Collections.Generic;
using System.Numerics;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Protocol;
using Nethereum.ABI.EIP712;

namespace EdgeOracle.Firmware.Core.Tests.Protocol
{
    /// <summary>Builds Nethereum's own EIP-712 description of the protocol's types, as an independent reference.</summary>
    internal static class NethereumTypedData
    {
        public static TypedDataHashResult Hash(Eip712Domain domain, Observation o)
        {
            return Hash(domain, "Observation", new[]
            {
                Field("device", "address"), Field("sequence", "uint64"), Field("metric", "uint32"), Field("windowStart", "uint64"),
                Field("windowEnd", "uint64"), Field("value", "int64"), Field("sampleCount", "uint32"), Field("flags", "uint32"), Field("prevHash", "bytes32"),
            }, new[]
            {
                Value("address", Hex.Encode(o.Device)), Value("uint64", new BigInteger(o.Sequence)), Value("uint32", new BigInteger(o.Metric)),
                Value("uint64", new BigInteger(o.WindowStart)), Value("uint64", new BigInteger(o.WindowEnd)), Value("int64", new BigInteger(o.Value)),
                Value("uint32", new BigInteger(o.SampleCount)), Value("uint32", new BigInteger(o.Flags)), Value("bytes32", o.PrevHash),
            });
        }

        public static TypedDataHashResult Hash(Eip712Domain domain, PaymentIntent p)
        {
            return Hash(domain, "PaymentIntent", new[]
            {
                Field("terminal", "address"), Field("merchant", "address"), Field("token", "address"), Field("amount", "uint256"),
                Field("expiry", "uint64"), Field("orderRef", "bytes32"), Field("sequence", "uint64"), Field("prevHash", "bytes32"),
            }, new[]
            {
                Value("address", Hex.Encode(p.Terminal)), Value("address", Hex.Encode(p.Merchant)), Value("address", Hex.Encode(p.Token)),
                Value("uint256", new BigInteger(p.Amount)), Value("uint64", new BigInteger(p.Expiry)), Value("bytes32", p.OrderRef),
                Value("uint64", new BigInteger(p.Sequence)), Value("bytes32", p.PrevHash),
            });
        }

        public static TypedDataHashResult Hash(Eip712Domain tokenDomain, ReceiveAuthorization a)
        {
            return Hash(tokenDomain, "ReceiveWithAuthorization", new[]
            {
                Field("from", "address"), Field("to", "address"), Field("value", "uint256"), Field("validAfter", "uint256"),
                Field("validBefore", "uint256"), Field("nonce", "bytes32"),
            }, new[]
            {
                Value("address", Hex.Encode(a.From)), Value("address", Hex.Encode(a.To)), Value("uint256", new BigInteger(a.Value)),
                Value("uint256", new BigInteger(a.ValidAfter)), Value("uint256", new BigInteger(a.ValidBefore)), Value("bytes32", a.Nonce),
            });
        }

        private static TypedDataHashResult Hash(Eip712Domain domain, string primaryType, MemberDescription[] fields, MemberValue[] values)
        {
            TypedDataRaw typed = new TypedDataRaw
            {
                Types = new Dictionary<string, MemberDescription[]>
                {
                    ["EIP712Domain"] = new[] { Field("name", "string"), Field("version", "string"), Field("chainId", "uint256"), Field("verifyingContract", "address") },
                    [primaryType] = fields,
                },
                PrimaryType = primaryType,
                DomainRawValues = new[]
                {
                    Value("string", domain.Name), Value("string", domain.Version), Value("uint256", new BigInteger(domain.ChainId)),
                    Value("address", Hex.Encode(domain.VerifyingContract)),
                },
                Message = values,
            };
            return Eip712TypedDataEncoder.Current.CalculateTypedDataHashes(typed);
        }

        private static MemberDescription Field(string name, string type) => new MemberDescription { Name = name, Type = type };

        private static MemberValue Value(string type, object value) => new MemberValue { TypeName = type, Value = value };
    }
}
