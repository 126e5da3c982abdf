// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AssetToken} from "../src/tokenization/AssetToken.sol";
import {ConstantProductPair} from "../src/trading/ConstantProductPair.sol";
import {DeviceRegistry} from "../src/core/DeviceRegistry.sol";
import {IdentityRegistry} from "../src/tokenization/IdentityRegistry.sol";
import {LendingMarket} from "../src/lending/LendingMarket.sol";
import {ParametricInsurance} from "../src/insurance/ParametricInsurance.sol";
import {PaymentHub} from "../src/payments/PaymentHub.sol";
import {PaymentRouter} from "../src/payments/PaymentRouter.sol";
import {PriceOracle} from "../src/lending/PriceOracle.sol";
import {QuorumInsurance} from "../src/insurance/QuorumInsurance.sol";
import {RevenueDistributor} from "../src/tokenization/RevenueDistributor.sol";
import {RiskPool} from "../src/insurance/RiskPool.sol";
import {TestEuro} from "../src/mocks/TestEuro.sol";
import {TestStablecoin} from "../src/mocks/TestStablecoin.sol";
import {ILendingMarket} from "../src/lending/interfaces/ILendingMarket.sol";
import {IPriceOracle} from "../src/lending/interfaces/IPriceOracle.sol";
import {Vm} from "../test/utils/Vm.sol";

/// @title Deploy
/// @notice Deploys every EdgeOracle contract with demo parameters and writes deployments/<chainId>.json, which the
/// gateway and the demo read. Run against anvil:
/// `forge script script/Deploy.s.sol --rpc-url http://127.0.0.1:8545 --broadcast`
/// (DEPLOYER_KEY defaults to anvil's first account; FEED_SIGNER to the deployer; TREASURY to the deployer).
contract Deploy {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev anvil's first well-known development key; never use it on a real network.
    uint256 internal constant ANVIL_KEY_0 = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;

    struct Deployed {
        DeviceRegistry registry;
        TestStablecoin usd;
        TestEuro eur;
        ParametricInsurance insurance;
        PaymentRouter router;
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

    /// @notice Deploys, wires and seeds the contracts, then writes the addresses file.
    /// @return d The deployed contracts.
    function run() external returns (Deployed memory d) {
        uint256 key = vm.envOr("DEPLOYER_KEY", ANVIL_KEY_0);
        address deployer = vm.addr(key);
        address treasury = vm.envOr("TREASURY", deployer);
        address feedSigner = vm.envOr("FEED_SIGNER", deployer);

        vm.startBroadcast(key);
        // The spine, in the order tools/EdgeOracle.Devnet deploys it.
        d.registry = new DeviceRegistry();
        d.usd = new TestStablecoin(deployer);
        d.insurance = new ParametricInsurance(address(d.registry), address(d.usd));
        d.router = new PaymentRouter(address(d.registry));
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

        _write(d);
    }

    function _write(Deployed memory d) internal {
        string memory json = string.concat("{\n", _entry("DeviceRegistry", address(d.registry)));
        json = string.concat(json, _entry("TestStablecoin", address(d.usd)), _entry("TestEuro", address(d.eur)));
        json = string.concat(json, _entry("ParametricInsurance", address(d.insurance)), _entry("PaymentRouter", address(d.router)));
        json = string.concat(json, _entry("RiskPool", address(d.pool)), _entry("QuorumInsurance", address(d.quorumInsurance)));
        json = string.concat(json, _entry("PaymentHub", address(d.hub)), _entry("FxPair", address(d.fxPair)));
        json = string.concat(json, _entry("IdentityRegistry", address(d.identities)), _entry("AssetToken", address(d.asset)));
        json = string.concat(json, _entry("RevenueDistributor", address(d.distributor)), _entry("AssetPair", address(d.assetPair)));
        json = string.concat(json, _entry("PriceOracle", address(d.oracle)), _entry("LendingMarket", address(d.market)));
        json = string.concat(json, "  \"chainId\": ", vm.toString(block.chainid), "\n}\n");
        vm.createDir("deployments", true);
        vm.writeFile(string.concat("deployments/", vm.toString(block.chainid), ".json"), json);
    }

    function _entry(string memory name, address value) internal pure returns (string memory) {
        return string.concat("  \"", name, "\": \"", vm.toString(value), "\",\n");
    }
}
