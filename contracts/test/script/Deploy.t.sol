// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Deploy} from "../../script/Deploy.s.sol";
import {Test} from "../utils/Test.sol";

/// @notice The deploy script runs end to end, wires and seeds the contracts, and writes the addresses file in its
/// documented shape (README.md, "Deploy script") where DEPLOYMENT_FILE says.
contract DeployTest is Test {
    /// @dev The test's own file, so a run never overwrites deployments/31337.json of a local anvil deployment (each
    /// test writes its own: tests run in parallel).
    string internal constant FILE = "deployments/deploy-test.json";

    /// @dev The keys of `contracts`, in the order the file lists them.
    function _names() internal pure returns (string[14] memory) {
        return [
            "DeviceRegistry",
            "MerkleAnchor",
            "TestStablecoin",
            "TestEuro",
            "RiskPool",
            "QuorumInsurance",
            "PaymentHub",
            "FxPair",
            "IdentityRegistry",
            "AssetToken",
            "RevenueDistributor",
            "AssetPair",
            "PriceOracle",
            "LendingMarket"
        ];
    }

    function _addresses(Deploy.Deployed memory d) internal pure returns (address[14] memory) {
        return [
            address(d.registry),
            address(d.anchor),
            address(d.usd),
            address(d.eur),
            address(d.pool),
            address(d.quorumInsurance),
            address(d.hub),
            address(d.fxPair),
            address(d.identities),
            address(d.asset),
            address(d.distributor),
            address(d.assetPair),
            address(d.oracle),
            address(d.market)
        ];
    }

    function test_Deploy_DeploysWiresAndSeeds() public {
        Deploy.Deployed memory d = new Deploy().deploy("deployments/deploy-test-wiring.json");
        assertEq(d.pool.insurer(), address(d.quorumInsurance), "pool insurer");
        assertEq(d.quorumInsurance.pool(), address(d.pool), "insurance pool");
        assertEq(d.quorumInsurance.registry(), address(d.registry), "insurance registry");
        assertTrue(d.identities.isVerified(address(d.assetPair)), "asset pair verified");
        (uint112 r0, uint112 r1,) = d.fxPair.getReserves();
        assertTrue(r0 > 0 && r1 > 0, "fx pair seeded");
        (r0, r1,) = d.assetPair.getReserves();
        assertTrue(r0 > 0 && r1 > 0, "asset pair seeded");
        assertEq(d.eur.name(), "Test EUR", "the euro side is its own token");
        assertEq(d.eur.symbol(), "tEUR", "euro symbol");
        (address t0, address t1) = d.fxPair.tokens();
        assertTrue(t0 != t1 && (t0 == address(d.eur) || t1 == address(d.eur)), "the fx pair trades the euro token");
        (t0, t1) = d.assetPair.tokens();
        assertTrue(t0 == address(d.asset) || t1 == address(d.asset), "the asset pair trades the asset token");
        assertEq(
            d.eur.DOMAIN_SEPARATOR(),
            keccak256(
                abi.encode(
                    keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                    keccak256("Test EUR"),
                    keccak256("1"),
                    block.chainid,
                    address(d.eur)
                )
            ),
            "euro authorizations are signed on the Test EUR domain"
        );
    }

    function test_Deploy_WritesEveryAddressInTheDocumentedShape() public {
        uint256 before = block.number;
        Deploy.Deployed memory d = new Deploy().deploy(FILE);
        string memory json = vm.readFile(string.concat(vm.projectRoot(), "/", FILE));

        string[] memory top = vm.parseJsonKeys(json, "$");
        assertEq(top.length, 5, "five top-level keys");
        assertEq(top[0], "chainId", "key 1");
        assertEq(top[1], "deploymentBlock", "key 2");
        assertEq(top[2], "deployer", "key 3");
        assertEq(top[3], "contracts", "key 4");
        assertEq(top[4], "tokens", "key 5");
        assertEq(vm.parseJsonUint(json, ".chainId"), block.chainid, "chain id");
        assertEq(vm.parseJsonUint(json, ".deploymentBlock"), d.deploymentBlock, "deployment block");
        assertTrue(d.deploymentBlock <= before, "at or before the first deployment");
        assertEq(vm.parseJsonAddress(json, ".deployer"), d.deployer, "deployer");
        // a checksummed address, as vm.toString writes it
        assertEq(vm.parseJsonString(json, ".deployer"), vm.toString(d.deployer), "deployer checksummed");

        string[] memory keys = vm.parseJsonKeys(json, ".contracts");
        string[14] memory names = _names();
        address[14] memory addresses = _addresses(d);
        assertEq(keys.length, names.length, "every contract, nothing else");
        for (uint256 i; i < names.length; ++i) {
            assertEq(keys[i], names[i], "contract key in order");
            string memory path = string.concat(".contracts.", names[i]);
            assertEq(vm.parseJsonAddress(json, path), addresses[i], names[i]);
            assertEq(vm.parseJsonString(json, path), vm.toString(addresses[i]), "checksummed");
            assertTrue(addresses[i].code.length > 0, "has code");
            for (uint256 k; k < i; ++k) assertTrue(addresses[k] != addresses[i], "distinct contracts");
        }

        // The payment tokens, as each describes itself: what a gateway checks customer authorizations against.
        assertEq(vm.parseJsonAddress(json, ".tokens[0].address"), address(d.usd), "first token: tUSD");
        assertEq(vm.parseJsonString(json, ".tokens[0].symbol"), "tUSD", "tUSD symbol");
        assertEq(vm.parseJsonString(json, ".tokens[0].name"), "Test USD", "tUSD domain name");
        assertEq(vm.parseJsonString(json, ".tokens[0].version"), "1", "tUSD domain version");
        assertEq(vm.parseJsonUint(json, ".tokens[0].decimals"), 6, "tUSD decimals");
        assertEq(vm.parseJsonAddress(json, ".tokens[1].address"), address(d.eur), "second token: tEUR");
        assertEq(vm.parseJsonString(json, ".tokens[1].name"), "Test EUR", "tEUR domain name");
        assertFalse(vm.keyExistsJson(json, ".tokens[2]"), "two tokens");
    }

    function test_Deploy_CreatesTheFileDirectory() public {
        string memory file = "deployments/deploy-test-dir/nested/addresses.json";
        new Deploy().deploy(file);
        assertTrue(vm.exists(string.concat(vm.projectRoot(), "/", file)), "written into a new directory");
        vm.removeFile(file);
    }

    /// @dev One test for every DEPLOYMENT_FILE case: the environment is the process's, shared by parallel tests.
    function test_DeploymentFile_DefaultOrEnvironment() public {
        Deploy script = new Deploy();
        vm.setEnv("DEPLOYMENT_FILE", "");
        assertEq(script.deploymentFile(), string.concat("deployments/", vm.toString(block.chainid), ".json"), "default");
        vm.setEnv("DEPLOYMENT_FILE", "deployments/chain-a.json");
        assertEq(script.deploymentFile(), "deployments/chain-a.json", "relative, as given");
        string memory absolute = string.concat(vm.projectRoot(), "/deployments/chain-b.json");
        vm.setEnv("DEPLOYMENT_FILE", absolute);
        assertEq(script.deploymentFile(), absolute, "absolute, as given");
        vm.setEnv("DEPLOYMENT_FILE", "");
    }
}
