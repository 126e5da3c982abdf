// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AssetToken} from "../src/tokenization/AssetToken.sol";
import {ConstantProductPair} from "../src/trading/ConstantProductPair.sol";
import {DeviceRegistry} from "../src/core/DeviceRegistry.sol";
import {MerkleAnchor} from "../src/core/MerkleAnchor.sol";
import {IdentityRegistry} from "../src/tokenization/IdentityRegistry.sol";
import {LendingMarket} from "../src/lending/LendingMarket.sol";
import {PaymentHub} from "../src/payments/PaymentHub.sol";
import {PriceOracle} from "../src/lending/PriceOracle.sol";
import {QuorumInsurance} from "../src/insurance/QuorumInsurance.sol";
import {RevenueDistributor} from "../src/tokenization/RevenueDistributor.sol";
import {RiskPool} from "../src/insurance/RiskPool.sol";
import {TestEuro} from "../src/mocks/TestEuro.sol";
import {TestStablecoin} from "../src/mocks/TestStablecoin.sol";
import {ILendingMarket} from "../src/lending/interfaces/ILendingMarket.sol";
import {IPriceOracle} from "../src/lending/interfaces/IPriceOracle.sol";
import {Vm} from "../test/utils/Vm.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";


/// @title Deploy
/// @notice Deploys every EdgeOracle contract with demo parameters, seeds the two pairs, and writes the addresses file
/// that the gateway, the CLI and the demo read. Run against anvil from contracts/:
/// `forge script script/Deploy.s.sol --rpc-url http://127.0.0.1:8545 --broadcast --offline`.
/// Environment: DEPLOYER_KEY (default anvil's first account), TREASURY and FEED_SIGNER (default the deployer),
/// DEPLOYMENT_FILE (default `deployments/<chainId>.json`; an absolute path, or one relative to contracts/).
/// The file (README.md, "Deploy script"): `chainId`, `deploymentBlock` (a block at or before the first deployment
/// transaction, where log scans start), `deployer`, and `contracts`, each name to its checksummed address.
contract Deploy {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev anvil's first well-known development key; never use it on a real network.
    uint256 internal constant ANVIL_KEY_0 = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;

    struct Deployed {
        uint256 deploymentBlock;
        address deployer;
        DeviceRegistry registry;
        TestStablecoin usd;
        MerkleAnchor anchor;
        TestEuro eur;
        RiskPool pool;
        QuorumInsurance quorumInsurance;
        PaymentHub hub;
        ConstantProductPair fxPair;
        IdentityRegistry identities;
        AssetToken asset;
        RevenueDistributor distributor;
        ConstantProductPair assetPair;
        PriceOracle oracle;
        LendingMarket market;
    }

    /// @notice Deploys, wires and seeds the contracts, then writes the addresses file to `deploymentFile()`.
    /// @return d The deployed contracts.
    function run() external returns (Deployed memory d) {
        return deploy(deploymentFile());
    }

    /// @notice Where `run` writes: DEPLOYMENT_FILE when set and not empty, else `deployments/<chainId>.json`.
    /// A relative path is relative to contracts/ (forge's project root).
    /// @return path The path, as given or the default.
    function deploymentFile() public view returns (string memory path) {
        path = vm.envOr("DEPLOYMENT_FILE", string(""));
        if (bytes(path).length == 0) path = string.concat("deployments/", vm.toString(block.chainid), ".json");
    }

    /// @notice Deploys, wires and seeds the contracts, then writes the addresses file to `file` (its directory is
    /// created if missing).
    /// @param file The addresses file: absolute, or relative to contracts/.
    /// @return d The deployed contracts.
    function deploy(string memory file) public returns (Deployed memory d) {
        uint256 key = vm.envOr("DEPLOYER_KEY", ANVIL_KEY_0);
        d.deployer = vm.addr(key);
        address deployer = d.deployer;
        address treasury = vm.envOr("TREASURY", deployer);
        address feedSigner = vm.envOr("FEED_SIGNER", deployer);
        // The chain's head before anything is sent: every deployment transaction lands in a later block.
        d.deploymentBlock = block.number;

        vm.startBroadcast(key);
        // The spine first: the registry (the EIP-712 domain's verifyingContract), the stablecoin, the anchor.
        d.registry = new DeviceRegistry();
        d.usd = new TestStablecoin(deployer);
        d.anchor = new MerkleAnchor();
        // "Test EUR" (tEUR) stands in for the euro side of cross-border payments, on its own EIP-712 domain.
        d.eur = new TestEuro(deployer);

        // Insurance: pool, quorum insurer (regions and products are created once sensors are registered).
        d.pool = new RiskPool(d.usd, deployer);
        d.quorumInsurance = new QuorumInsurance(address(d.registry), address(d.pool), deployer);
        d.pool.setInsurer(address(d.quorumInsurance));

        // Payments: 0.5% fee to the treasury; a USD/EUR pair at 1 EUR = 1.10 USD.
        d.hub = new PaymentHub(address(d.registry), deployer, treasury, 50);
        d.fxPair = new ConstantProductPair(address(d.usd), address(d.eur));
        d.usd.mint(deployer, 2_000_000e6);
        d.eur.mint(deployer, 1_000_000e6);
        d.usd.approve(address(d.fxPair), type(uint256).max);
        d.eur.approve(address(d.fxPair), type(uint256).max);
        (address t0,) = d.fxPair.tokens();
        if (t0 == address(d.usd)) d.fxPair.addLiquidity(1_100_000e6, 1_000_000e6, 0, deployer, block.timestamp + 1 hours);
        else d.fxPair.addLiquidity(1_000_000e6, 1_100_000e6, 0, deployer, block.timestamp + 1 hours);
        d.hub.setPair(address(d.usd), address(d.eur), address(d.fxPair));

        // Tokenization: a solar plant of 1,000 tokens, a 0.08 tUSD/kWh tariff paid by the deployer as offtaker.
        d.identities = new IdentityRegistry(deployer);
        d.asset = new AssetToken("EdgeOracle Solar Plant 1", "SOL1", address(d.identities), deployer);
        d.distributor = new RevenueDistributor(address(d.registry), address(d.asset), address(d.usd), deployer);
        d.asset.setDistributor(address(d.distributor));
        d.identities.registerIdentity(deployer, 276);
        d.asset.mint(deployer, 1000e18);
        d.distributor.setTariff(80_000, deployer);
        d.usd.approve(address(d.distributor), type(uint256).max);
        d.assetPair = new ConstantProductPair(address(d.asset), address(d.usd));
        d.identities.registerIdentity(address(d.assetPair), 276);
        d.asset.setCapExempt(address(d.assetPair), true);
        // Seeded at 1 SOL1 = 1,000 tUSD with a tenth of the plant, so the pair quotes and its TWAP feeds the oracle.
        d.asset.approve(address(d.assetPair), type(uint256).max);
        d.usd.approve(address(d.assetPair), type(uint256).max);
        (t0,) = d.assetPair.tokens();
        if (t0 == address(d.asset)) d.assetPair.addLiquidity(100e18, 100_000e6, 0, deployer, block.timestamp + 1 hours);
        else d.assetPair.addLiquidity(100_000e6, 100e18, 0, deployer, block.timestamp + 1 hours);

        // Lending: risk-pool shares and the asset token as collateral.
        d.oracle = new PriceOracle(deployer, feedSigner);
        d.market = new LendingMarket(
            address(d.usd),
            address(d.oracle),
            address(d.quorumInsurance),
            ILendingMarket.RateModel({
                kink: 0.8e18, baseRate: 634_195_839, slopeLow: 3_170_979_198, slopeHigh: 31_709_791_983, reserveFactor: 0.1e18
            }),
            deployer
        );
        d.identities.registerIdentity(address(d.market), 276);
        d.asset.setCapExempt(address(d.market), true);
        d.oracle.setFeed(address(d.pool), IPriceOracle.Feed(IPriceOracle.Source.Vault, address(d.pool), 0, 0));
        d.oracle.setFeed(address(d.asset), IPriceOracle.Feed(IPriceOracle.Source.Twap, address(d.assetPair), 30 minutes, 1 days));
        d.market.setCollateral(
            address(d.pool), ILendingMarket.CollateralConfig({borrowCF: 0.6e18, liquidateCF: 0.7e18, discount: 0.05e18, supplyCap: 10_000_000e12})
        );
        d.market.setCollateral(
            address(d.asset), ILendingMarket.CollateralConfig({borrowCF: 0.5e18, liquidateCF: 0.65e18, discount: 0.08e18, supplyCap: 500e18})
        );
        vm.stopBroadcast();

        _write(d, file);
    }

    /// @dev The addresses file: the shape in README.md ("Deploy script"); keys in deployment order.
    function _write(Deployed memory d, string memory file) internal {
        string memory json = string.concat(
            "{\n  \"chainId\": ",
            vm.toString(block.chainid),
            ",\n  \"deploymentBlock\": ",
            vm.toString(d.deploymentBlock),
            ",\n  \"deployer\": \"",
            vm.toString(d.deployer),
            "\",\n  \"contracts\": {\n"
        );
        json = string.concat(json, _entry("DeviceRegistry", address(d.registry)), _entry("MerkleAnchor", address(d.anchor)));
        json = string.concat(json, _entry("TestStablecoin", address(d.usd)), _entry("TestEuro", address(d.eur)));
        json = string.concat(json, _entry("RiskPool", address(d.pool)), _entry("QuorumInsurance", address(d.quorumInsurance)));
        json = string.concat(json, _entry("PaymentHub", address(d.hub)), _entry("FxPair", address(d.fxPair)));
        json = string.concat(json, _entry("IdentityRegistry", address(d.identities)), _entry("AssetToken", address(d.asset)));
        json = string.concat(json, _entry("RevenueDistributor", address(d.distributor)), _entry("AssetPair", address(d.assetPair)));
        json = string.concat(json, _entry("PriceOracle", address(d.oracle)));
        json = string.concat(json, "    \"LendingMarket\": \"", vm.toString(address(d.market)), "\"\n  },\n");
        json = string.concat(json, "  \"tokens\": [\n", _token(address(d.usd)), ",\n", _token(address(d.eur)), "\n  ]\n}\n");
        string memory dir = _directoryOf(file);
        if (bytes(dir).length != 0) vm.createDir(dir, true);
        vm.writeFile(file, json);
    }

    /// @dev A payment token as the token itself describes it: its EIP-712 domain (EIP-5267), symbol and decimals.
    function _token(address token) internal view returns (string memory) {
        (, string memory name, string memory version,,,,) = IERC5267(token).eip712Domain();
        return string.concat(
            "    { \"address\": \"",
            vm.toString(token),
            "\", \"symbol\": \"",
            IERC20Metadata(token).symbol(),
            "\", \"name\": \"",
            name,
            "\", \"version\": \"",
            version,
            "\", \"decimals\": ",
            vm.toString(uint256(IERC20Metadata(token).decimals())),
            " }"
        );
    }

    function _entry(string memory name, address value) internal pure returns (string memory) {
        return string.concat("    \"", name, "\": \"", vm.toString(value), "\",\n");
    }

    /// @dev Everything before the last '/', or "" when the path has none (a file in contracts/ itself).
    function _directoryOf(string memory path) internal pure returns (string memory dir) {
        bytes memory b = bytes(path);
        uint256 i = b.length;
        while (i > 0 && b[i - 1] != "/") --i;
        if (i <= 1) return i == 1 ? "/" : "";
        dir = new string(i - 1);
        for (uint256 k; k < i - 1; ++k) bytes(dir)[k] = b[k];
    }
}
