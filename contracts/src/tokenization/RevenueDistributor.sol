// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {RegistryDomain} from "../core/RegistryDomain.sol";
import {IBalanceHook} from "./interfaces/IAssetToken.sol";
import {IRevenueDistributor} from "./interfaces/IRevenueDistributor.sol";
import {DeviceAuth} from "../core/libraries/DeviceAuth.sol";
import {DeviceRoles} from "../core/libraries/DeviceRoles.sol";
import {EdgeMessages, Observation} from "../core/libraries/EdgeMessages.sol";

/// @title RevenueDistributor
/// @notice Dividend-per-share distribution of stablecoin revenue to asset-token holders. For each account,
/// entitled = perShare × balance + correction; a transfer moves perShare × amount of correction with the tokens,
/// so past revenue stays with whoever held the tokens when it arrived. Rounding leaves at most one unit of dust per
/// deposit, kept in the contract.
contract RevenueDistributor is IRevenueDistributor, IBalanceHook, RegistryDomain, Ownable {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using SafeCast for int256;

    /// @notice Metric code of energy produced, Wh (PROTOCOL.md §3).
    uint32 public constant METRIC_ENERGY = 6;

    uint256 private constant _MAGNITUDE = 2 ** 128;

    IERC20 private immutable _shares;
    IERC20 private immutable _stable;

    uint256 private _perShare;
    uint256 private _deposited;
    uint256 private _claimed;
    uint256 private _tariffPerKWh;
    address private _offtaker;

    mapping(address account => int256) private _corrections;
    mapping(address account => uint256) private _withdrawn;
    mapping(address meter => bool) private _meters;
    mapping(address meter => uint128) private _meterState; // lastSequence (64) | lastWindowEnd (64)

    /// @param registry_ The DeviceRegistry (meters are registered there with the METER role).
    /// @param shares_ The asset token.
    /// @param stable_ The stablecoin revenue is paid in.
    /// @param owner_ Who sets tariff and meters.
    constructor(address registry_, address shares_, address stable_, address owner_)
        RegistryDomain(registry_)
        Ownable(owner_)
    {
        _shares = IERC20(shares_);
        _stable = IERC20(stable_);
    }

    /// @inheritdoc IRevenueDistributor
    function depositRevenue(uint256 amount) external {
        _distribute(amount);
        emit RevenueDeposited(msg.sender, amount);
        _stable.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IRevenueDistributor
    function claim() external returns (uint256 amount) {
        amount = claimable(msg.sender);
        if (amount == 0) return 0;
        _withdrawn[msg.sender] += amount;
        _claimed += amount;
        emit RevenueClaimed(msg.sender, amount);
        _stable.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IRevenueDistributor
    function submitProduction(Observation[] calldata observations, bytes[] calldata signatures)
        external
        returns (uint256 revenue)
    {
        uint256 n = observations.length;
        if (n == 0 || n != signatures.length) revert RevenueDistributorBadBatch();
        bytes32 separator = _domainSeparator();
        uint256 wattHours;
        for (uint256 i; i < n; ++i) {
            Observation calldata obs = observations[i];
            uint8 reason = _acceptProduction(obs, signatures[i], separator);
            if (reason != 0) {
                emit ProductionSkipped(i, obs.device, reason);
                continue;
            }
            uint256 earned = uint256(uint64(obs.value)) * _tariffPerKWh / 1000;
            wattHours += uint64(obs.value);
            emit ProductionRecorded(obs.device, obs.sequence, obs.windowEnd, obs.value, earned);
        }
        revenue = wattHours * _tariffPerKWh / 1000;
        if (revenue == 0) return 0;
        _distribute(revenue);
        emit RevenueDeposited(_offtaker, revenue);
        _stable.safeTransferFrom(_offtaker, address(this), revenue);
    }

    /// @inheritdoc IRevenueDistributor
    function setTariff(uint256 tariffPerKWh, address offtaker) external onlyOwner {
        _tariffPerKWh = tariffPerKWh;
        _offtaker = offtaker;
        emit TariffSet(tariffPerKWh, offtaker);
    }

    /// @inheritdoc IRevenueDistributor
    function setMeter(address meter, bool enabled) external onlyOwner {
        _meters[meter] = enabled;
        emit MeterSet(meter, enabled);
    }

    /// @inheritdoc IRevenueDistributor
    function onBalanceChange(address from, address to, uint256 amount)
        external
        override(IBalanceHook, IRevenueDistributor)
    {
        if (msg.sender != address(_shares)) revert RevenueDistributorNotToken(msg.sender);
        int256 moved = (_perShare * amount).toInt256();
        if (from != address(0)) _corrections[from] += moved;
        if (to != address(0)) _corrections[to] -= moved;
    }

    /// @inheritdoc IRevenueDistributor
    function claimable(address holder) public view returns (uint256) {
        int256 entitled = (_perShare * _shares.balanceOf(holder)).toInt256() + _corrections[holder];
        return entitled.toUint256() / _MAGNITUDE - _withdrawn[holder];
    }

    /// @inheritdoc IRevenueDistributor
    function totalDeposited() external view returns (uint256) {
        return _deposited;
    }

    /// @inheritdoc IRevenueDistributor
    function totalClaimed() external view returns (uint256) {
        return _claimed;
    }

    function _distribute(uint256 amount) private {
        uint256 supply = _shares.totalSupply();
        if (amount == 0 || supply == 0) revert RevenueDistributorNothingToDistribute();
        _perShare += amount * _MAGNITUDE / supply;
        _deposited += amount;
    }

    /// @dev 0 if accepted (and recorded), else the skip reason documented on submitProduction.
    function _acceptProduction(Observation calldata obs, bytes calldata signature, bytes32 separator)
        private
        returns (uint8)
    {
        if (obs.metric != METRIC_ENERGY || obs.value < 0 || obs.flags & ~EdgeMessages.KNOWN_FLAGS != 0) return 1;
        address meter = obs.device;
        if (!_meters[meter]) return 2;
        uint128 state = _meterState[meter];
        // The two halves of the packed state are uint64 by construction.
        // forge-lint: disable-next-line(unsafe-typecast)
        if (obs.sequence <= uint64(state >> 64) || obs.windowStart < uint64(state) || obs.windowEnd <= obs.windowStart) {
            return 3;
        }
        bytes32 digest = EdgeMessages.toTypedDataHash(separator, EdgeMessages.hash(obs));
        DeviceAuth.Failure failure =
            DeviceAuth.verifyActive(_deviceRegistry(), digest, signature, meter, DeviceRoles.METER);
        if (failure == DeviceAuth.Failure.BadSignature) return 4;
        if (failure != DeviceAuth.Failure.None) return 5;
        _meterState[meter] = (uint128(obs.sequence) << 64) | obs.windowEnd;
        return 0;
    }
}
