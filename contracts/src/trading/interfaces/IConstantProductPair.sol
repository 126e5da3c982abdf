// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IConstantProductPair
/// @notice A two-token x·y=k pool with a 0.3% fee, liquidity shares, exact-in and exact-out swaps bounded by
/// slippage limits and deadlines, and time-weighted average price accumulators.
interface IConstantProductPair {
    /// @notice Emitted when `provider` added `amount0`/`amount1` and `to` received `shares`.
    event LiquidityAdded(address indexed provider, address indexed to, uint256 amount0, uint256 amount1, uint256 shares);

    /// @notice Emitted when `provider` burned `shares` and `to` received `amount0`/`amount1`.
    event LiquidityRemoved(
        address indexed provider, address indexed to, uint256 amount0, uint256 amount1, uint256 shares
    );

    /// @notice Emitted after every swap: `amountIn` of `tokenIn` from `sender` for `amountOut` of the other to `to`.
    event Swapped(address indexed sender, address indexed to, address tokenIn, uint256 amountIn, uint256 amountOut);

    /// @notice Thrown when `block.timestamp` is past `deadline`.
    error ConstantProductPairExpired(uint256 deadline);

    /// @notice Thrown when `token` is neither of the pair's tokens, or at construction when it is zero or tokenB
    /// repeats tokenA (the offending one is named).
    error ConstantProductPairUnknownToken(address token);

    /// @notice Thrown when an amount is zero or the pool has no liquidity for it.
    error ConstantProductPairInsufficientAmount();

    /// @notice Thrown when a swap would give `amountOut` < `minOut`.
    error ConstantProductPairSlippageOut(uint256 amountOut, uint256 minOut);

    /// @notice Thrown when a swap would take `amountIn` > `maxIn`.
    error ConstantProductPairSlippageIn(uint256 amountIn, uint256 maxIn);

    /// @notice Thrown when liquidity would mint or burn fewer shares/amounts than the caller's minimum.
    error ConstantProductPairSlippageLiquidity();

    /// @notice Thrown when reserves would exceed uint112.
    error ConstantProductPairOverflow();

    /// @notice Thrown when the TWAP window asked for has no observation old enough.
    error ConstantProductPairTwapUnavailable(uint32 window);

    /// @notice Adds liquidity in the current ratio (any ratio when empty). Pulls with transferFrom; approve first.
    /// @param amount0Desired Most of token0 to add.
    /// @param amount1Desired Most of token1 to add.
    /// @param minShares Fewest shares acceptable.
    /// @param to Receiver of the shares.
    /// @param deadline Last valid timestamp.
    /// @return shares Shares minted.
    function addLiquidity(uint256 amount0Desired, uint256 amount1Desired, uint256 minShares, address to, uint256 deadline)
        external
        returns (uint256 shares);

    /// @notice Burns the caller's shares for a pro-rata share of both reserves.
    /// @param shares Shares to burn.
    /// @param min0 Fewest token0 acceptable.
    /// @param min1 Fewest token1 acceptable.
    /// @param to Receiver of the tokens.
    /// @param deadline Last valid timestamp.
    /// @return amount0 Token0 paid out.
    /// @return amount1 Token1 paid out.
    function removeLiquidity(uint256 shares, uint256 min0, uint256 min1, address to, uint256 deadline)
        external
        returns (uint256 amount0, uint256 amount1);

    /// @notice Swaps exactly `amountIn` of `tokenIn` for at least `minOut` of the other token.
    /// @param tokenIn The token paid in (pulled from the caller).
    /// @param amountIn Exact input.
    /// @param minOut Fewest output acceptable.
    /// @param to Receiver of the output.
    /// @param deadline Last valid timestamp.
    /// @return amountOut Output paid.
    function swapExactIn(address tokenIn, uint256 amountIn, uint256 minOut, address to, uint256 deadline)
        external
        returns (uint256 amountOut);

    /// @notice Swaps at most `maxIn` of `tokenIn` for exactly `amountOut` of the other token.
    /// @param tokenIn The token paid in (pulled from the caller).
    /// @param amountOut Exact output.
    /// @param maxIn Most input acceptable.
    /// @param to Receiver of the output.
    /// @param deadline Last valid timestamp.
    /// @return amountIn Input taken.
    function swapExactOut(address tokenIn, uint256 amountOut, uint256 maxIn, address to, uint256 deadline)
        external
        returns (uint256 amountIn);

    /// @notice Records a TWAP observation now (at most one per block is kept); anyone may call.
    function poke() external;

    /// @notice The pair's tokens, sorted by address.
    /// @return token0 The lower address.
    /// @return token1 The higher address.
    function tokens() external view returns (address token0, address token1);

    /// @notice Current reserves and the timestamp of the last update.
    /// @return reserve0 Reserve of token0.
    /// @return reserve1 Reserve of token1.
    /// @return timestamp Last update, Unix seconds (mod 2^32).
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 timestamp);

    /// @notice Output for an exact input at the current reserves, after the fee.
    /// @param tokenIn Input token.
    /// @param amountIn Input amount.
    /// @return Output amount.
    function quoteExactIn(address tokenIn, uint256 amountIn) external view returns (uint256);

    /// @notice Input needed for an exact output at the current reserves, fee included.
    /// @param tokenIn Input token.
    /// @param amountOut Output amount.
    /// @return Input amount.
    function quoteExactOut(address tokenIn, uint256 amountOut) external view returns (uint256);

    /// @notice Cumulative prices now: sum over time of price0 (token1 per token0) and price1, each scaled by 2^112.
    /// @return cumulative0 Accumulated price of token0.
    /// @return cumulative1 Accumulated price of token1.
    function currentCumulatives() external view returns (uint256 cumulative0, uint256 cumulative1);

    /// @notice Time-weighted average price of `token` in the other token, ×1e18, over at least the last `window` s,
    /// measured from the newest stored observation at least `window` old.
    /// @param token The token whose price is asked.
    /// @param window Minimum averaging window, seconds.
    /// @return price Other-token units per `token` unit, ×1e18.
    /// @return updatedAt Timestamp of the newest price data used (now).
    function twap(address token, uint32 window) external view returns (uint256 price, uint256 updatedAt);
}
