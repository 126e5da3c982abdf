// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPriceOracle
/// @notice Prices of collateral in the base token, ×1e18 (base minor units per collateral minor unit × 1e18), from
/// the exchange's TWAP, a signed feed, or an ERC-4626 vault's share price, each with a staleness limit.
interface IPriceOracle {
    /// @notice Where a price comes from.
    enum Source {
        None,
        Twap,
        SignedFeed,
        Vault
    }

    /// @notice A price source.
    /// @param source Kind.
    /// @param target The pair (Twap) or vault (Vault); unused for SignedFeed.
    /// @param window TWAP window, seconds.
    /// @param maxAge Most seconds since the pair's last update or the feed's timestamp.
    struct Feed {
        Source source;
        address target;
        uint32 window;
        uint32 maxAge;
    }

    /// @notice Emitted when the owner configured `asset`'s feed.
    event FeedSet(address indexed asset, Feed feed);

    /// @notice Emitted when a signed price for `asset` was accepted.
    event PricePushed(address indexed asset, uint256 price, uint64 timestamp);

    /// @notice Thrown when `asset` has no feed.
    error PriceOracleNoFeed(address asset);

    /// @notice Thrown when the price of `asset` is older than its limit.
    error PriceOracleStale(address asset, uint256 updatedAt);

    /// @notice Thrown when a TWAP feed's window exceeds MAX_TWAP_WINDOW (what the pair's ring always serves).
    error PriceOracleBadFeed(address asset);

    /// @notice Thrown when a pushed price is not signed by the feed signer, or not newer than the stored one.
    error PriceOracleBadPush(address asset);

    /// @notice Configures `asset`'s feed. Owner only. A TWAP window may not exceed MAX_TWAP_WINDOW.
    /// @param asset The collateral.
    /// @param feed The feed.
    function setFeed(address asset, Feed calldata feed) external;

    /// @notice Accepts a price signed by the feed signer (EIP-191 over this oracle, the chain id, asset, price and
    /// timestamp). Anyone may relay. Which fresh price a relayer pushes is its choice, within two bounds: it must be
    /// newer than the stored one (no going back) and it is stale `maxAge` after its timestamp; anyone may replace
    /// it at once with any newer signed price, so the signer's latest price wins as soon as one honest party pushes.
    /// @param asset The asset.
    /// @param price Price ×1e18.
    /// @param timestamp When the signer observed it.
    /// @param signature The signer's 65-byte signature.
    function pushPrice(address asset, uint256 price, uint64 timestamp, bytes calldata signature) external;

    /// @notice The price of `asset` now; reverts when stale or missing.
    /// @param asset The asset.
    /// @return Price ×1e18 in base minor units per asset minor unit.
    function price(address asset) external view returns (uint256);

    /// @notice The signer of the signed feed.
    /// @return The signer.
    function signer() external view returns (address);
}
