// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IConstantProductPair} from "./interfaces/IConstantProductPair.sol";

/// @title ConstantProductPair
/// @notice x·y=k with a 0.3% fee kept in the pool, shares as an ERC-20, and Uniswap-v2-style price accumulators plus
/// a small ring of stored observations so that `twap` answers on chain. Transfers go through the tokens themselves,
/// so a compliant asset token's rules (verified receivers only) hold for every payout of the pair.
contract ConstantProductPair is IConstantProductPair, ERC20 {
    using SafeERC20 for IERC20;

    /// @notice Shares locked forever at the first deposit so the share price can never be reset to zero.
    uint256 public constant MINIMUM_LIQUIDITY = 1000;

    /// @notice Number of TWAP observations kept.
    uint256 public constant OBSERVATIONS = 8;

    /// @notice Least spacing between two stored TWAP observations, seconds.
    uint32 public constant OBSERVATION_PERIOD = 5 minutes;

    address private constant _DEAD = address(0xdead);

    struct TwapObservation {
        uint32 timestamp;
        uint256 cumulative0;
        uint256 cumulative1;
    }

    IERC20 private immutable _token0;
    IERC20 private immutable _token1;

    uint112 private _reserve0;
    uint112 private _reserve1;
    uint32 private _lastUpdate;
    uint256 private _cumulative0;
    uint256 private _cumulative1;

    TwapObservation[OBSERVATIONS] private _observations;
    uint256 private _observationIndex;

    /// @param tokenA One token of the pair.
    /// @param tokenB The other token.
    constructor(address tokenA, address tokenB) ERC20("EdgeOracle LP", "ELP") {
        // Name the offending token: a zero one, or tokenB when it repeats tokenA.
        if (tokenA == address(0)) revert ConstantProductPairUnknownToken(tokenA);
        if (tokenB == address(0) || tokenB == tokenA) revert ConstantProductPairUnknownToken(tokenB);
        (address t0, address t1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        _token0 = IERC20(t0);
        _token1 = IERC20(t1);
    }

    modifier notExpired(uint256 deadline) {
        if (block.timestamp > deadline) revert ConstantProductPairExpired(deadline);
        _;
    }

    /// @inheritdoc IConstantProductPair
    function addLiquidity(uint256 amount0Desired, uint256 amount1Desired, uint256 minShares, address to, uint256 deadline)
        external
        notExpired(deadline)
        returns (uint256 shares)
    {
        (uint256 r0, uint256 r1) = (_reserve0, _reserve1);
        uint256 supply = totalSupply();
        uint256 amount0 = amount0Desired;
        uint256 amount1 = amount1Desired;
        if (supply == 0) {
            shares = Math.sqrt(amount0 * amount1);
            if (shares <= MINIMUM_LIQUIDITY) revert ConstantProductPairInsufficientAmount();
            _mint(_DEAD, MINIMUM_LIQUIDITY);
            shares -= MINIMUM_LIQUIDITY;
            supply = MINIMUM_LIQUIDITY;
        } else {
            // Take the desired amount of the scarcer side and the matching amount of the other.
            uint256 amount1Optimal = amount0 * r1 / r0;
            if (amount1Optimal <= amount1) amount1 = amount1Optimal;
            else amount0 = amount1 * r0 / r1;
            shares = Math.min(amount0 * supply / r0, amount1 * supply / r1);
        }
        if (shares == 0 || shares < minShares) revert ConstantProductPairSlippageLiquidity();
        _update(r0, r1, r0 + amount0, r1 + amount1);
        _mint(to, shares);
        emit LiquidityAdded(msg.sender, to, amount0, amount1, shares);
        _token0.safeTransferFrom(msg.sender, address(this), amount0);
        _token1.safeTransferFrom(msg.sender, address(this), amount1);
    }

    /// @inheritdoc IConstantProductPair
    function removeLiquidity(uint256 shares, uint256 min0, uint256 min1, address to, uint256 deadline)
        external
        notExpired(deadline)
        returns (uint256 amount0, uint256 amount1)
    {
        (uint256 r0, uint256 r1) = (_reserve0, _reserve1);
        uint256 supply = totalSupply();
        amount0 = shares * r0 / supply;
        amount1 = shares * r1 / supply;
        if (amount0 == 0 || amount1 == 0 || amount0 < min0 || amount1 < min1) {
            revert ConstantProductPairSlippageLiquidity();
        }
        _burn(msg.sender, shares);
        _update(r0, r1, r0 - amount0, r1 - amount1);
        emit LiquidityRemoved(msg.sender, to, amount0, amount1, shares);
        _token0.safeTransfer(to, amount0);
        _token1.safeTransfer(to, amount1);
    }

    /// @inheritdoc IConstantProductPair
    function swapExactIn(address tokenIn, uint256 amountIn, uint256 minOut, address to, uint256 deadline)
        external
        notExpired(deadline)
        returns (uint256 amountOut)
    {
        (bool zeroForOne, uint256 rIn, uint256 rOut) = _orient(tokenIn);
        amountOut = _getAmountOut(amountIn, rIn, rOut);
        if (amountOut < minOut) revert ConstantProductPairSlippageOut(amountOut, minOut);
        _swap(zeroForOne, tokenIn, rIn, rOut, amountIn, amountOut, to);
    }

    /// @inheritdoc IConstantProductPair
    function swapExactOut(address tokenIn, uint256 amountOut, uint256 maxIn, address to, uint256 deadline)
        external
        notExpired(deadline)
        returns (uint256 amountIn)
    {
        (bool zeroForOne, uint256 rIn, uint256 rOut) = _orient(tokenIn);
        amountIn = _getAmountIn(amountOut, rIn, rOut);
        if (amountIn > maxIn) revert ConstantProductPairSlippageIn(amountIn, maxIn);
        _swap(zeroForOne, tokenIn, rIn, rOut, amountIn, amountOut, to);
    }

    /// @inheritdoc IConstantProductPair
    function poke() external {
        (uint256 r0, uint256 r1) = (_reserve0, _reserve1);
        _update(r0, r1, r0, r1);
    }

    /// @inheritdoc IConstantProductPair
    function tokens() external view returns (address token0, address token1) {
        return (address(_token0), address(_token1));
    }

    /// @inheritdoc IConstantProductPair
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 timestamp) {
        return (_reserve0, _reserve1, _lastUpdate);
    }

    /// @inheritdoc IConstantProductPair
    function quoteExactIn(address tokenIn, uint256 amountIn) external view returns (uint256) {
        (, uint256 rIn, uint256 rOut) = _orient(tokenIn);
        return _getAmountOut(amountIn, rIn, rOut);
    }

    /// @inheritdoc IConstantProductPair
    function quoteExactOut(address tokenIn, uint256 amountOut) external view returns (uint256) {
        (, uint256 rIn, uint256 rOut) = _orient(tokenIn);
        return _getAmountIn(amountOut, rIn, rOut);
    }

    /// @inheritdoc IConstantProductPair
    function currentCumulatives() public view returns (uint256 cumulative0, uint256 cumulative1) {
        cumulative0 = _cumulative0;
        cumulative1 = _cumulative1;
        uint32 elapsed;
        // Wrapping subtraction: timestamps are kept mod 2^32 and the difference is right across a wrap.
        unchecked {
            elapsed = uint32(block.timestamp) - _lastUpdate;
        }
        if (elapsed > 0 && _reserve0 != 0 && _reserve1 != 0) {
            // Accumulators are meant to overflow and be differenced (as in Uniswap v2).
            unchecked {
                cumulative0 += (uint256(_reserve1) << 112) / _reserve0 * elapsed;
                cumulative1 += (uint256(_reserve0) << 112) / _reserve1 * elapsed;
            }
        }
    }

    /// @inheritdoc IConstantProductPair
    function twap(address token, uint32 window) external view returns (uint256 price, uint256 updatedAt) {
        if (token != address(_token0) && token != address(_token1)) revert ConstantProductPairUnknownToken(token);
        (uint256 c0, uint256 c1) = currentCumulatives();
        uint32 now32 = uint32(block.timestamp);
        // Walk back from the newest observation to the first one at least `window` old.
        uint256 index = _observationIndex;
        for (uint256 i; i < OBSERVATIONS; ++i) {
            TwapObservation memory o = _observations[(index + OBSERVATIONS - i) % OBSERVATIONS];
            if (o.timestamp == 0) break;
            uint32 age;
            // Wrapping subtraction, as above.
            unchecked {
                age = now32 - o.timestamp;
            }
            if (age >= window && age > 0) {
                uint256 average;
                // Differences of wrapping accumulators.
                unchecked {
                    average = token == address(_token0) ? (c0 - o.cumulative0) / age : (c1 - o.cumulative1) / age;
                }
                return (Math.mulDiv(average, 1e18, 1 << 112), block.timestamp);
            }
        }
        revert ConstantProductPairTwapUnavailable(window);
    }

    function _orient(address tokenIn) private view returns (bool zeroForOne, uint256 rIn, uint256 rOut) {
        if (tokenIn == address(_token0)) return (true, _reserve0, _reserve1);
        if (tokenIn == address(_token1)) return (false, _reserve1, _reserve0);
        revert ConstantProductPairUnknownToken(tokenIn);
    }

    function _getAmountOut(uint256 amountIn, uint256 rIn, uint256 rOut) private pure returns (uint256) {
        if (amountIn == 0 || rIn == 0 || rOut == 0) revert ConstantProductPairInsufficientAmount();
        uint256 inWithFee = amountIn * 997;
        return inWithFee * rOut / (rIn * 1000 + inWithFee);
    }

    function _getAmountIn(uint256 amountOut, uint256 rIn, uint256 rOut) private pure returns (uint256) {
        if (amountOut == 0 || amountOut >= rOut || rIn == 0) revert ConstantProductPairInsufficientAmount();
        return rIn * amountOut * 1000 / ((rOut - amountOut) * 997) + 1;
    }

    function _swap(
        bool zeroForOne,
        address tokenIn,
        uint256 rIn,
        uint256 rOut,
        uint256 amountIn,
        uint256 amountOut,
        address to
    ) private {
        if (amountOut == 0) revert ConstantProductPairInsufficientAmount();
        if (zeroForOne) _update(rIn, rOut, rIn + amountIn, rOut - amountOut);
        else _update(rOut, rIn, rOut - amountOut, rIn + amountIn);
        emit Swapped(msg.sender, to, tokenIn, amountIn, amountOut);
        IERC20(tokenIn).safeTransferFrom(msg.sender, address(this), amountIn);
        (zeroForOne ? _token1 : _token0).safeTransfer(to, amountOut);
    }

    /// @dev Accrues the price accumulators with the old reserves, stores an observation if the last is old enough,
    /// then writes the new reserves.
    function _update(uint256 old0, uint256 old1, uint256 new0, uint256 new1) private {
        if (new0 > type(uint112).max || new1 > type(uint112).max) revert ConstantProductPairOverflow();
        uint32 now32 = uint32(block.timestamp);
        uint32 elapsed;
        // Wrapping subtraction of timestamps mod 2^32.
        unchecked {
            elapsed = now32 - _lastUpdate;
        }
        if (elapsed > 0 && old0 != 0 && old1 != 0) {
            uint256 c0;
            uint256 c1;
            // Accumulators wrap by design; readers difference them.
            unchecked {
                c0 = _cumulative0 + (old1 << 112) / old0 * elapsed;
                c1 = _cumulative1 + (old0 << 112) / old1 * elapsed;
            }
            _cumulative0 = c0;
            _cumulative1 = c1;
            uint256 index = _observationIndex;
            uint32 lastStored = _observations[index].timestamp;
            uint32 sinceStored;
            // Wrapping subtraction of timestamps mod 2^32.
            unchecked {
                sinceStored = now32 - lastStored;
            }
            if (lastStored == 0 || sinceStored >= OBSERVATION_PERIOD) {
                index = lastStored == 0 ? index : (index + 1) % OBSERVATIONS;
                _observations[index] = TwapObservation(now32, c0, c1);
                _observationIndex = index;
            }
        }
        // Both were checked against uint112 above.
        // forge-lint: disable-next-line(unsafe-typecast)
        _reserve0 = uint112(new0);
        // forge-lint: disable-next-line(unsafe-typecast)
        _reserve1 = uint112(new1);
        _lastUpdate = now32;
    }
}
