using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text.Json;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;

namespace EdgeOracle.Devnet;

/// <summary>
/// Turns a contract's revert data into its custom error's name and arguments, e.g.
/// <c>LendingMarketInsufficientBalance(amount: 5000000, balance: 0)</c>, from the errors declared in the forge
/// artifacts (contracts/out), so that no user is shown raw hex.
/// </summary>
public static class ContractErrors
{
    private static readonly Lazy<Dictionary<string, ErrorABI>> Known = new(() => Load(RepoPaths.ContractArtifacts));

    /// <summary>
    /// The custom error in <paramref name="revertData"/> (0x-prefixed hex), decoded; <c>Error(string)</c> as its
    /// message; an unknown selector as itself and its length. Null when there is no data.
    /// </summary>
    public static string? Decode(string? revertData)
    {
        var hex = revertData?.Trim().Trim('"');
        if (string.IsNullOrEmpty(hex) || !hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || hex.Length < 10)
        {
            return null;
        }

        var selector = hex[2..10].ToLowerInvariant();
        if (selector == "08c379a0")
        {
            var reason = new ParameterDecoder().DecodeDefaultData("0x" + hex[10..], new Parameter("string", "reason"));
            return "Error(\"" + reason[0].Result + "\")";
        }

        if (selector == "4e487b71")
        {
            var code = new ParameterDecoder().DecodeDefaultData("0x" + hex[10..], new Parameter("uint256", "code"));
            return "Panic(0x" + ((BigInteger)code[0].Result).ToString("x2") + ")";
        }

        if (!Known.Value.TryGetValue(selector, out var error))
        {
            return "an error this build does not know (selector 0x" + selector + ", " + (hex.Length - 10) / 2 + " bytes of arguments)";
        }

        var values = new ParameterDecoder().DecodeDefaultData("0x" + hex[10..], error.InputParameters);
        return error.Name + "(" + string.Join(", ", values.Select(v => v.Parameter.Name + ": " + Format(v.Result))) + ")";
    }

    /// <summary>
    /// The revert data carried by <paramref name="exception"/> or its inner exceptions (Nethereum's custom-error
    /// exception, or the node's JSON-RPC error data), decoded; null when it carries none.
    /// </summary>
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SmartContractCustomErrorRevertException custom:
                    return Decode(custom.ExceptionEncodedData);
                case SmartContractRevertException revert:
                    return revert.RevertMessage is { Length: > 0 } message ? "Error(\"" + message + "\")" : null;
                case RpcResponseException rpc when rpc.RpcError?.Data is { } data:
                    return Decode(data.ToString());
            }
        }

        return null;
    }

    private static string Format(object value) => value switch
    {
        byte[] bytes => "0x" + Convert.ToHexString(bytes).ToLowerInvariant(),
        string text => text,
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static Dictionary<string, ErrorABI> Load(string outDirectory)
    {
        var errors = new Dictionary<string, ErrorABI>();
        if (!Directory.Exists(outDirectory))
        {
            return errors;
        }

        foreach (var path in Directory.EnumerateFiles(outDirectory, "*.json", SearchOption.AllDirectories))
        {
            string abi;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                if (!doc.RootElement.TryGetProperty("abi", out var element) || !element.GetRawText().Contains("\"error\"", StringComparison.Ordinal))
                {
                    continue;
                }

                abi = element.GetRawText();
            }
            catch (JsonException)
            {
                continue;
            }

            foreach (var error in new ABIJsonDeserialiser().DeserialiseContract(abi).Errors)
            {
                errors.TryAdd(error.Sha3Signature.ToLowerInvariant(), error);
            }
        }

        return errors;
    }
}
