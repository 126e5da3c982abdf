// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TestStablecoinBase} from "./TestStablecoinBase.sol";

/// @title TestEuro
/// @notice "Test EUR" (tEUR), 6 decimals, the euro side of cross-border payments in the demo and the tests: the
/// owner mints; holders pay with EIP-2612 permits or EIP-3009 authorizations signed on this token's EIP-712 domain
/// (name "Test EUR", version "1").
contract TestEuro is TestStablecoinBase {
    /// @param initialOwner The account allowed to mint.
    constructor(address initialOwner) TestStablecoinBase("Test EUR", "tEUR", initialOwner) {}
}
