// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Deploy} from "../script/Deploy.s.sol";
import {Test} from "./utils/Test.sol";

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
        string memory path = string.concat(vm.projectRoot(), "/deployments/", vm.toString(block.chainid), ".json");
        assertTrue(vm.exists(path), "addresses file written");
        assertEq(vm.parseJsonAddress(vm.readFile(path), ".PaymentHub"), address(d.hub), "file names the hub");
    }
}
