// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

import {IConstantProductPair} from "../trading/interfaces/IConstantProductPair.sol";
import {IPriceOracle} from "./interfaces/IPriceOracle.sol";

/// @title PriceOracle
/// @notice Collateral prices for the lending market. A TWAP is stale when its pair has not been updated (traded or
/// poked) for `maxAge`; a signed price is stale `maxAge` after its timestamp; a vault's share price is live.
contract PriceOracle is IPriceOracle, Ownable {
    /// @notice Longest TWAP window a feed may use: what ConstantProductPair's ring of 8 observations at least 5
    /// minutes apart always covers once full, (8 - 1) x 5 minutes, however often anyone pokes the pair. A longer
    /// window could be made unservable by cheap pokes (which would stop absorb), so setFeed refuses it.
    uint32 public constant MAX_TWAP_WINDOW = 35 minutes;

    address private immutable _signer;

    mapping(address asset => Feed) private _feeds;
    mapping(address asset => uint256) private _pushedPrice;
    mapping(address asset => uint64) private _pushedAt;

    /// @param owner_ Who configures feeds.
    /// @param signer_ The signed feed's key.
    constructor(address owner_, address signer_) Ownable(owner_) {
        _signer = signer_;
    }

    /// @inheritdoc IPriceOracle
    function setFeed(address asset, Feed calldata feed) external onlyOwner {
        if (feed.source == Source.Twap && feed.window > MAX_TWAP_WINDOW) revert PriceOracleBadFeed(asset);
        _feeds[asset] = feed;
        emit FeedSet(asset, feed);
    }

    /// @inheritdoc IPriceOracle
    function pushPrice(address asset, uint256 price_, uint64 timestamp, bytes calldata signature) external {
        bytes32 digest = MessageHashUtils.toEthSignedMessageHash(
            keccak256(abi.encode(address(this), block.chainid, asset, price_, timestamp))
        );
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (
            err != ECDSA.RecoverError.NoError || recovered != _signer || timestamp <= _pushedAt[asset]
                || timestamp > block.timestamp
        ) revert PriceOracleBadPush(asset);
        _pushedPrice[asset] = price_;
        _pushedAt[asset] = timestamp;
        emit PricePushed(asset, price_, timestamp);
    }

    /// @inheritdoc IPriceOracle
    function price(address asset) external view returns (uint256) {
        Feed memory feed = _feeds[asset];
        if (feed.source == Source.Twap) {
            (,, uint32 last) = IConstantProductPair(feed.target).getReserves();
            uint32 age;
            // Timestamps are kept mod 2^32 by the pair; the wrapping difference is the age.
            unchecked {
                age = uint32(block.timestamp) - last;
            }
            if (age > feed.maxAge) revert PriceOracleStale(asset, last);
            (uint256 p,) = IConstantProductPair(feed.target).twap(asset, feed.window);
            return p;
        }
        if (feed.source == Source.SignedFeed) {
            uint64 pushedAt = _pushedAt[asset];
            if (pushedAt == 0 || block.timestamp - pushedAt > feed.maxAge) revert PriceOracleStale(asset, pushedAt);
            return _pushedPrice[asset];
        }
        if (feed.source == Source.Vault) return IERC4626(feed.target).convertToAssets(1e18);
        revert PriceOracleNoFeed(asset);
    }

    /// @inheritdoc IPriceOracle
    function signer() external view returns (address) {
        return _signer;
    }
}
