// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Deploy} from "../../script/Deploy.s.sol";
import {Test} from "../utils/Test.sol";

/// @notice The deploy script runs end to end, wires the contracts together and writes the addresses file.
contract DeployTest is Test {
    function test_Run_DeploysWiresAndWritesAddresses() public {
        Deploy.Deployed memory d = new Deploy().run();
        assertEq(d.pool.insurer(), address(d.quorumInsurance), "pool insurer");
        assertEq(d.quorumInsurance.pool(), address(d.pool), "insurance pool");
        assertEq(d.insurance.registry(), address(d.registry), "spine insurance registry");
        assertTrue(d.identities.isVerified(address(d.assetPair)), "asset pair verified");
        (uint112 r0, uint112 r1,) = d.fxPair.getReserves();
        assertTrue(r0 > 0 && r1 > 0, "fx pair seeded");
        assertEq(d.eur.name(), "Test EUR", "the euro side is its own token");
        assertEq(d.eur.symbol(), "tEUR", "euro symbol");
        (address t0, address t1) = d.fxPair.tokens();
        assertTrue(t0 != t1 && (t0 == address(d.eur) || t1 == address(d.eur)), "the fx pair trades the euro token");
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
        string memory path = string.concat(vm.projectRoot(), "/deployments/", vm.toString(block.chainid), ".json");
        assertTrue(vm.exists(path), "addresses file written");
        string memory json = vm.readFile(path);
        assertEq(vm.parseJsonAddress(json, ".PaymentHub"), address(d.hub), "file names the hub");
        assertEq(vm.parseJsonAddress(json, ".TestEuro"), address(d.eur), "file names the euro token");
    }
}
