using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace EdgeOracle.Protocol.Deployments;

/// <summary>
/// A payment token of a deployment, as the deploy script read it from the token itself (EIP-5267
/// <c>eip712Domain()</c>, <c>symbol()</c>, <c>decimals()</c>): what a gateway needs to check a customer's EIP-3009
/// authorization on the token's own EIP-712 domain, and what a console needs to print an amount.
/// </summary>
/// <param name="Address">The token contract (the domain's verifying contract).</param>
/// <param name="Symbol">Its symbol, e.g. <c>tUSD</c>.</param>
/// <param name="Name">Its EIP-712 domain name, e.g. <c>Test USD</c>.</param>
/// <param name="Version">Its EIP-712 domain version, e.g. <c>1</c>.</param>
/// <param name="Decimals">Minor units per token.</param>
public sealed record DeploymentToken(Address Address, string Symbol, string Name, string Version, int Decimals);

/// <summary>
/// The <c>tokens</c> array of a deployment file, in file order; compared by value (so two deployments read from the
/// same file are equal). Empty for a file without the array (written before it existed, or by a deployer of no tokens).
/// </summary>
public sealed class DeploymentTokens : IReadOnlyList<DeploymentToken>, IEquatable<DeploymentTokens>
{
    private readonly DeploymentToken[] _tokens;

    /// <summary>The tokens; two with the same address are refused.</summary>
    /// <exception cref="ArgumentException">Two tokens share an address.</exception>
    public DeploymentTokens(IEnumerable<DeploymentToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _tokens = tokens.ToArray();
        var twice = _tokens.GroupBy(t => t.Address).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new ArgumentException($"Token {twice.Key} is listed {twice.Count()} times.", nameof(tokens));
        }
    }

    /// <summary>No tokens.</summary>
    public static DeploymentTokens Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => _tokens.Length;

    /// <inheritdoc />
    public DeploymentToken this[int index] => _tokens[index];

    /// <summary>The token at <paramref name="address"/>, or null when the deployment has none there.</summary>
    public DeploymentToken? Find(Address address) => Array.Find(_tokens, t => t.Address == address);

    /// <inheritdoc />
    public IEnumerator<DeploymentToken> GetEnumerator() => ((IEnumerable<DeploymentToken>)_tokens).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(DeploymentTokens? other) => other is not null && _tokens.SequenceEqual(other._tokens);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DeploymentTokens);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var token in _tokens)
        {
            hash.Add(token);
        }

        return hash.ToHashCode();
    }
}
