// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IAssetToken
/// @notice A fractional asset (ERC-20) with ERC-3643-style compliance: receivers must be verified, each holder's
/// balance is capped, countries can be blocked, agents freeze accounts and force transfers.
interface IAssetToken {
    /// @notice Emitted when an agent froze or unfroze `account`.
    event Frozen(address indexed account, bool frozen);

    /// @notice Emitted when an agent moved `amount` from `from` to `to` by force.
    event ForcedTransfer(address indexed from, address indexed to, uint256 amount);

    /// @notice Emitted when an agent changed the per-holder cap.
    event HolderCapSet(uint256 cap);

    /// @notice Emitted when an agent blocked or unblocked a country.
    event CountryBlocked(uint16 indexed country, bool blocked);

    /// @notice Emitted when an agent exempted `account` (e.g. an exchange pair) from the per-holder cap.
    event CapExemptionSet(address indexed account, bool exempt);

    /// @notice Thrown when the caller is not an agent of the identity registry.
    error AssetTokenNotAgent(address caller);

    /// @notice Thrown when the receiver is not a verified holder.
    error AssetTokenUnverifiedReceiver(address to);

    /// @notice Thrown when the receiver's country is blocked.
    error AssetTokenCountryBlocked(address to, uint16 country);

    /// @notice Thrown when the receiver's balance would exceed the cap.
    error AssetTokenCapExceeded(address to, uint256 balance, uint256 cap);

    /// @notice Thrown when `account`, the sender or receiver of a holder's transfer or the receiver of a mint, is
    /// frozen.
    error AssetTokenFrozen(address account);

    /// @notice Thrown when the distributor is set again; it is wired once, and `current` is already set.
    error AssetTokenDistributorAlreadySet(address current);

    /// @notice Mints to a verified holder that is not frozen. Agent only.
    /// @param to Receiver.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external;

    /// @notice Burns from a holder, frozen or not: freezes stop the holder, not the agent (as ERC-3643's T-REX
    /// lets an agent burn from a frozen wallet). Agent only.
    /// @param from Holder.
    /// @param amount Amount.
    function burn(address from, uint256 amount) external;

    /// @notice Freezes or unfreezes an account: a frozen account neither sends nor receives (mints included); only
    /// an agent's forcedTransfer or burn moves its tokens. Agent only.
    /// @param account The account.
    /// @param frozen_ Whether frozen.
    function setFrozen(address account, bool frozen_) external;

    /// @notice Moves tokens regardless of freezes; the receiver must still be compliant. Agent only.
    /// @param from Holder.
    /// @param to Receiver.
    /// @param amount Amount.
    function forcedTransfer(address from, address to, uint256 amount) external;

    /// @notice Sets the per-holder balance cap (0 = none). Agent only.
    /// @param cap The cap.
    function setHolderCap(uint256 cap) external;

    /// @notice Blocks or unblocks receivers from a country. Agent only.
    /// @param country ISO 3166-1 numeric code.
    /// @param blocked Whether blocked.
    function setCountryBlocked(uint16 country, bool blocked) external;

    /// @notice Exempts an account from the per-holder cap. Agent only.
    /// @param account The account.
    /// @param exempt Whether exempt.
    function setCapExempt(address account, bool exempt) external;

    /// @notice Sets the revenue distributor told of every balance change. Owner only, once (else
    /// AssetTokenDistributorAlreadySet).
    /// @param distributor The distributor.
    function setDistributor(address distributor) external;

    /// @notice Whether a transfer of `amount` from `from` to `to` would pass compliance now.
    /// @param from Sender.
    /// @param to Receiver.
    /// @param amount Amount.
    /// @return True if allowed.
    function canTransfer(address from, address to, uint256 amount) external view returns (bool);

    /// @notice Whether `account` is frozen.
    /// @param account The account.
    /// @return True if frozen.
    function isFrozen(address account) external view returns (bool);

    /// @notice The identity registry.
    /// @return Its address.
    function identityRegistry() external view returns (address);

    /// @notice The per-holder balance cap (0 = none).
    /// @return The cap.
    function holderCap() external view returns (uint256);
}

/// @title IBalanceHook
/// @notice Told of every balance change of the asset token before it happens (the revenue distributor).
interface IBalanceHook {
    /// @notice Called before `amount` moves from `from` to `to` (zero for mint/burn).
    /// @param from Sender.
    /// @param to Receiver.
    /// @param amount Amount.
    function onBalanceChange(address from, address to, uint256 amount) external;
}
