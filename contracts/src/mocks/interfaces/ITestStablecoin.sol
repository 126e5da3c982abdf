// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEIP3009} from "../../core/interfaces/IEIP3009.sol";

/// @title ITestStablecoin
/// @notice The demo's 6-decimal test stablecoins (TestStablecoin, TestEuro): ERC-20 with EIP-2612 permit and EIP-3009
/// authorizations.
interface ITestStablecoin is IEIP3009 {
    /// @notice Thrown when an authorization is used at or before its `validAfter`.
    error TestStablecoinAuthorizationNotYetValid(uint256 validAfter);

    /// @notice Thrown when an authorization is used at or after its `validBefore`.
    error TestStablecoinAuthorizationExpired(uint256 validBefore);

    /// @notice Thrown when `authorizer`'s authorization `nonce` was already used or cancelled.
    error TestStablecoinAuthorizationAlreadyUsed(address authorizer, bytes32 nonce);

    /// @notice Thrown when an authorization's signature is malformed or not by the authorizer.
    error TestStablecoinInvalidSignature();

    /// @notice Thrown when `caller` submits a receive authorization whose payee is `payee`.
    error TestStablecoinCallerNotPayee(address caller, address payee);

    /// @notice Creates `amount` new tokens for `to`. Only the owner may.
    /// @param to The recipient.
    /// @param amount Amount in minor units (6 decimals).
    function mint(address to, uint256 amount) external;
}
