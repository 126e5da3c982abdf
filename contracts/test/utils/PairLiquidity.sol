// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ConstantProductPair} from "../../src/trading/ConstantProductPair.sol";
import {TestStablecoinBase} from "../../src/mocks/TestStablecoinBase.sol";

/// @title PairLiquidity
/// @notice Seeds a ConstantProductPair from the calling test, which owns both test tokens.
library PairLiquidity {
    /// @dev Mints `amountA` of `tokenA` and `amountB` of `tokenB` to the caller and adds both to `pair` in its
    /// token order; the caller receives the shares.
    function seed(
        ConstantProductPair pair,
        TestStablecoinBase tokenA,
        TestStablecoinBase tokenB,
        uint256 amountA,
        uint256 amountB
    ) internal returns (uint256 shares) {
        tokenA.mint(address(this), amountA);
        tokenB.mint(address(this), amountB);
        tokenA.approve(address(pair), type(uint256).max);
        tokenB.approve(address(pair), type(uint256).max);
        (address token0,) = pair.tokens();
        (uint256 amount0, uint256 amount1) = token0 == address(tokenA) ? (amountA, amountB) : (amountB, amountA);
        return pair.addLiquidity(amount0, amount1, 0, address(this), block.timestamp);
    }
}
