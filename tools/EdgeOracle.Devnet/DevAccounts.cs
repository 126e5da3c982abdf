namespace EdgeOracle.Devnet;

/// <summary>
/// anvil's well-known development accounts (from its default mnemonic). Public test keys: never use them on a real network.
/// </summary>
public static class DevAccounts
{
    /// <summary>Deploys the contracts and owns the test stablecoin.</summary>
    public const string Deployer = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /// <summary>The gateway's relayer: pays gas, trusted with nothing else.</summary>
    public const string Relayer = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    /// <summary>The insurer: registers sensors and writes policies.</summary>
    public const string Insurer = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

    /// <summary>The merchant: registers point-of-sale terminals and receives payments.</summary>
    public const string Merchant = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

    /// <summary>The farmer: the policy's beneficiary.</summary>
    public const string Farmer = "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a";
}
