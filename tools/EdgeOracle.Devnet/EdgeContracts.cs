using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Deployments;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace EdgeOracle.Devnet;

/// <summary>
/// Deploys the EdgeOracle contracts (through the forge script) and drives them as one account (insurer, merchant, …).
/// Every call waits for its receipt and throws with the contract's name and function when it reverted.
/// </summary>
public sealed class EdgeContracts
{
    private readonly Web3 _web3;
    private readonly Deployment _deployment;

    /// <summary>Acts on <paramref name="deployment"/> as the account of <paramref name="privateKey"/>.</summary>
    public EdgeContracts(Deployment deployment, string privateKey)
    {
        _deployment = deployment;
        var account = new Account(privateKey, new BigInteger(deployment.ChainId));
        _web3 = new Web3(account, deployment.RpcUrl);
        _web3.TransactionManager.UseLegacyAsDefault = true;
        From = account.Address;
    }

    /// <summary>The acting account's address.</summary>
    public string From { get; }

    /// <summary>The deployment acted on.</summary>
    public Deployment Deployment => _deployment;

    /// <summary>The underlying client, for reads the wrapper does not cover.</summary>
    public Web3 Web3 => _web3;

    /// <summary>
    /// Deploys every EdgeOracle contract through the one deployer, <c>contracts/script/Deploy.s.sol</c>
    /// (<see cref="ForgeDeployer"/>), and refuses a result for another chain than <paramref name="chainId"/>.
    /// </summary>
    public static async Task<Deployment> DeployAsync(
        string rpcUrl, ulong chainId, string deployerKey, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var file = await ForgeDeployer.DeployAsync(rpcUrl, deployerKey, progress, cancellationToken).ConfigureAwait(false);
        file.EnsureChain((long)chainId);
        return new Deployment { RpcUrl = rpcUrl, File = file };
    }

    /// <summary>
    /// Registers a device under the acting account with a role (1 sensor, 2 terminal, 3 meter) and the device's
    /// registration proof (<see cref="RegistrationProof"/>, signed by the device key for this account as owner).
    /// </summary>
    public Task<TransactionReceipt> RegisterDeviceAsync(string device, byte role, byte[] proof) =>
        SendAsync("DeviceRegistry", _deployment.DeviceRegistry, "registerDevice", device, role, proof);

    /// <summary>Registers the device of <paramref name="devicePrivateKey"/>, signing its proof with that key.</summary>
    public Task<TransactionReceipt> RegisterDeviceAsync(byte[] devicePrivateKey, byte role)
    {
        byte[] proof = RegistrationProof.Sign(devicePrivateKey, From, role, _deployment.ChainId, _deployment.DeviceRegistry);
        string device = new Nethereum.Signer.EthECKey(devicePrivateKey, true).GetPublicAddress();
        return RegisterDeviceAsync(device, role, proof);
    }

    /// <summary>Revokes one of the acting account's devices.</summary>
    public Task<TransactionReceipt> RevokeDeviceAsync(string device) =>
        SendAsync("DeviceRegistry", _deployment.DeviceRegistry, "revokeDevice", device);

    /// <summary>Mints test stablecoin (the acting account must own the token).</summary>
    public Task<TransactionReceipt> MintAsync(string to, BigInteger amount) =>
        SendAsync("TestStablecoin", _deployment.Stablecoin, "mint", to, amount);

    /// <summary>Approves <paramref name="spender"/> to take stablecoin from the acting account.</summary>
    public Task<TransactionReceipt> ApproveAsync(string spender, BigInteger amount) =>
        SendAsync("TestStablecoin", _deployment.Stablecoin, "approve", spender, amount);

    /// <summary>Reads a stablecoin balance in minor units, as the chain has it now.</summary>
    public Task<BigInteger> BalanceOfAsync(string owner) =>
        Contract("TestStablecoin", _deployment.Stablecoin).GetFunction("balanceOf").CallAsync<BigInteger>(owner);

    /// <summary>Creates a QuorumInsurance region of <paramref name="sensors"/> (this account must own the contract); returns its id.</summary>
    public Task<uint> CreateRegionAsync(IEnumerable<string> sensors) =>
        SendTypedAsync<CreateRegionFunction, uint>(_deployment.QuorumInsurance, new CreateRegionFunction { Sensors = sensors.ToList() });

    /// <summary>Creates a QuorumInsurance product (this account must own the contract); returns its id.</summary>
    public Task<uint> CreateProductAsync(ProductTerms terms) =>
        SendTypedAsync<CreateProductFunction, uint>(_deployment.QuorumInsurance, new CreateProductFunction { Terms = terms });

    /// <summary>
    /// Puts <paramref name="sensor"/> alone in a new QuorumInsurance region with a quorum-1 rainfall product on windows of
    /// <paramref name="windowLength"/> seconds whose readings are taken up to <paramref name="staleness"/> seconds after
    /// the window ends (default 14 days), this account owning QuorumInsurance and RiskPool (the dev deployer): each reading
    /// then decides its own window, one <c>WindowDecided</c> per reading. A product's windowLength + 2·staleness must not
    /// exceed the pool's redemption delay: a shorter delay is raised to that. Returns the region.
    /// </summary>
    public async Task<uint> CreateLoneStationAsync(string sensor, uint windowLength, uint staleness = 14 * 86_400)
    {
        var regionId = await CreateRegionAsync([sensor]).ConfigureAwait(false);
        var needed = windowLength + (2 * staleness);
        var redeemDelay = await Contract("RiskPool", _deployment.RiskPool).GetFunction("redeemDelay").CallAsync<uint>().ConfigureAwait(false);
        if (redeemDelay < needed)
        {
            await SendAsync("RiskPool", _deployment.RiskPool, "setRedeemDelay", needed).ConfigureAwait(false);
        }

        await CreateProductAsync(new ProductTerms
        {
            Region = regionId,
            Metric = 1,
            Quorum = 1,
            Direction = 0,
            WindowLength = windowLength,
            Staleness = staleness,
            PremiumBps = 500,
            Trigger = 5_000,
            Exit = 1_000,
            WaitingPeriod = 0,
            MaxCoverage = windowLength,
            MinSumInsured = 1,
        }).ConfigureAwait(false);
        return regionId;
    }

    /// <summary>Deposits <paramref name="assets"/> of this account's tUSD into the RiskPool (approving it first).</summary>
    public async Task DepositToRiskPoolAsync(BigInteger assets)
    {
        await SendAsync("TestStablecoin", _deployment.Stablecoin, "approve", _deployment.RiskPool, assets).ConfigureAwait(false);
        await SendAsync("RiskPool", _deployment.RiskPool, "deposit", assets, From).ConfigureAwait(false);
    }

    /// <summary>Buys a QuorumInsurance policy paying <paramref name="beneficiary"/> (premium from this account, approved first); returns its id.</summary>
    public async Task<BigInteger> BuyPolicyAsync(uint productId, string beneficiary, ulong start, ulong end, BigInteger sumInsured, BigInteger premium)
    {
        await SendAsync("TestStablecoin", _deployment.Stablecoin, "approve", _deployment.QuorumInsurance, premium).ConfigureAwait(false);
        object[] args = [productId, beneficiary, start, end, sumInsured];
        var policyId = await Contract("QuorumInsurance", _deployment.QuorumInsurance).GetFunction("buyPolicy").CallAsync<BigInteger>(From, null, null, args).ConfigureAwait(false);
        await SendAsync("QuorumInsurance", _deployment.QuorumInsurance, "buyPolicy", args).ConfigureAwait(false);
        return policyId;
    }

    /// <summary>Asks what a typed call returns, then sends it and waits for a successful receipt.</summary>
    private async Task<TResult> SendTypedAsync<TFunction, TResult>(string address, TFunction function)
        where TFunction : FunctionMessage, new()
    {
        function.FromAddress = From;
        var result = await _web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TResult>(address, function).ConfigureAwait(false);
        var receipt = await _web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(address, function).ConfigureAwait(false);
        if (receipt.Status?.Value != 1)
        {
            throw new InvalidOperationException(typeof(TFunction).Name + " reverted (tx " + receipt.TransactionHash + ").");
        }

        return result;
    }

    /// <summary>
    /// Sends a typed function message to <paramref name="address"/> and waits for a successful receipt; a call the
    /// contract would refuse throws <see cref="ContractRevertedException"/> with its decoded error, before sending.
    /// </summary>
    public async Task<TransactionReceipt> SendFunctionAsync<TFunction>(string contractName, string address, TFunction function)
        where TFunction : FunctionMessage, new()
    {
        ArgumentNullException.ThrowIfNull(function);
        function.FromAddress = From;
        var handler = _web3.Eth.GetContractTransactionHandler<TFunction>();
        try
        {
            function.Gas = await handler.EstimateGasAsync(address, function).ConfigureAwait(false);
        }
        catch (Exception ex) when (ContractErrors.Describe(ex) is { } error)
        {
            throw new ContractRevertedException(contractName + " would revert " + typeof(TFunction).Name.Replace("Function", string.Empty, StringComparison.Ordinal) + ": " + error, ex);
        }

        var receipt = await handler.SendRequestAndWaitForReceiptAsync(address, function).ConfigureAwait(false);
        if (receipt.Status?.Value != 1)
        {
            throw new ContractRevertedException(contractName + ": " + typeof(TFunction).Name + " reverted (tx " + receipt.TransactionHash + ").");
        }

        return receipt;
    }

    /// <summary>Sends a transaction to a deployed contract and waits for a successful receipt.</summary>
    public async Task<TransactionReceipt> SendAsync(string contractName, string address, string functionName, params object[] args)
    {
        var function = Contract(contractName, address).GetFunction(functionName);
        HexBigInteger gas;
        try
        {
            gas = await function.EstimateGasAsync(From, null, null, args).ConfigureAwait(false);
        }
        catch (Exception ex) when (ContractErrors.Describe(ex) is { } error)
        {
            throw new ContractRevertedException(contractName + "." + functionName + " would revert: " + error, ex);
        }
        catch (Nethereum.JsonRpc.Client.RpcResponseException ex)
        {
            throw new ContractRevertedException(contractName + "." + functionName + " would revert: " + ex.Message, ex);
        }

        var receipt = await function.SendTransactionAndWaitForReceiptAsync(From, new HexBigInteger(gas.Value * 12 / 10), null, null, args)
            .ConfigureAwait(false);
        if (receipt.Status?.Value != 1)
        {
            throw new ContractRevertedException(contractName + "." + functionName + " reverted (tx " + receipt.TransactionHash + ").");
        }

        return receipt;
    }

    /// <summary>A Nethereum contract handle from the forge artifact's ABI.</summary>
    public Contract Contract(string contractName, string address) =>
        _web3.Eth.GetContract(ContractArtifact.Load(contractName).Abi, address);
}

/// <summary>A contract call that reverted (or would), with the contract's error decoded by name where it has one.</summary>
public sealed class ContractRevertedException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
