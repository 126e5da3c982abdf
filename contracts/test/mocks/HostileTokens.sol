// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TestStablecoinBase} from "../../src/mocks/TestStablecoinBase.sol";

/// @notice A token whose EIP-3009 pull always reverts (a paused or broken token).
contract RevertingToken {
    error RevertingTokenRefused();

    function receiveWithAuthorization(address, address, uint256, uint256, uint256, bytes32, uint8, bytes32, bytes32)
        external
        pure
    {
        revert RevertingTokenRefused();
    }
}

/// @notice A test stablecoin ("Blocking USD") that blocks accounts, as USDC's blacklist does: a blocked account can
/// neither send nor receive.
contract BlockingStablecoin is TestStablecoinBase {
    error BlockingStablecoinBlocked(address account);

    mapping(address account => bool) public blocked;

    constructor(address initialOwner) TestStablecoinBase("Blocking USD", "bUSD", initialOwner) {}

    function setBlocked(address account, bool value) external onlyOwner {
        blocked[account] = value;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[from]) revert BlockingStablecoinBlocked(from);
        if (blocked[to]) revert BlockingStablecoinBlocked(to);
        super._update(from, to, value);
    }
}
