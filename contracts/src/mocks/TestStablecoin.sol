// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TestStablecoinBase} from "./TestStablecoinBase.sol";

/// @title TestStablecoin
/// @notice "Test USD" (tUSD), 6 decimals, for the demo and the tests: the owner mints; holders pay with EIP-2612
/// permits or EIP-3009 authorizations signed on this token's EIP-712 domain (name "Test USD", version "1").
/// tools/EdgeOracle.Devnet deploys it as `TestStablecoin(address initialOwner)`.
contract TestStablecoin is TestStablecoinBase {
    /// @param initialOwner The account allowed to mint.
    constructor(address initialOwner) TestStablecoinBase("Test USD", "tUSD", initialOwner) {}
}
