// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

import {IAssetToken, IBalanceHook} from "./interfaces/IAssetToken.sol";
import {IIdentityRegistry} from "./interfaces/IIdentityRegistry.sol";

/// @title AssetToken
/// @notice Fractions of a real asset (a solar plant, say). Every transfer, mint and forced transfer is checked in
/// `_update`: frozen accounts neither send nor receive, mints included (an agent's forced transfer or burn ignores
/// freezes, as in ERC-3643), receivers must be verified, not in a blocked country, and stay under the per-holder cap
/// unless exempt. The revenue distributor hears of every
/// balance change first, which keeps dividends correct across transfers.
contract AssetToken is IAssetToken, ERC20, Ownable {
    IIdentityRegistry private immutable _identities;
    IBalanceHook private _distributor;

    uint256 private _holderCap;
    bool private _forcing;
    mapping(address account => bool) private _frozen;
    mapping(address account => bool) private _capExempt;
    mapping(uint16 country => bool) private _blockedCountries;

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param identities_ The identity registry; its agents are this token's agents.
    /// @param owner_ Who wires the distributor.
    constructor(string memory name_, string memory symbol_, address identities_, address owner_)
        ERC20(name_, symbol_)
        Ownable(owner_)
    {
        _identities = IIdentityRegistry(identities_);
    }

    modifier onlyAgent() {
        if (!_identities.isAgent(msg.sender)) revert AssetTokenNotAgent(msg.sender);
        _;
    }

    /// @inheritdoc IAssetToken
    function mint(address to, uint256 amount) external onlyAgent {
        _mint(to, amount);
    }

    /// @inheritdoc IAssetToken
    function burn(address from, uint256 amount) external onlyAgent {
        _burn(from, amount);
    }

    /// @inheritdoc IAssetToken
    function setFrozen(address account, bool frozen_) external onlyAgent {
        _frozen[account] = frozen_;
        emit Frozen(account, frozen_);
    }

    /// @inheritdoc IAssetToken
    function forcedTransfer(address from, address to, uint256 amount) external onlyAgent {
        _forcing = true;
        _transfer(from, to, amount);
        _forcing = false;
        emit ForcedTransfer(from, to, amount);
    }

    /// @inheritdoc IAssetToken
    function setHolderCap(uint256 cap) external onlyAgent {
        _holderCap = cap;
        emit HolderCapSet(cap);
    }

    /// @inheritdoc IAssetToken
    function setCountryBlocked(uint16 country, bool blocked) external onlyAgent {
        _blockedCountries[country] = blocked;
        emit CountryBlocked(country, blocked);
    }

    /// @inheritdoc IAssetToken
    function setCapExempt(address account, bool exempt) external onlyAgent {
        _capExempt[account] = exempt;
        emit CapExemptionSet(account, exempt);
    }

    /// @inheritdoc IAssetToken
    function setDistributor(address distributor) external onlyOwner {
        address current = address(_distributor);
        if (current != address(0)) revert AssetTokenDistributorAlreadySet(current);
        _distributor = IBalanceHook(distributor);
    }

    /// @inheritdoc IAssetToken
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        if (_frozen[from] || _frozen[to] || balanceOf(from) < amount) return false;
        return _complianceError(to, amount) == 0;
    }

    /// @inheritdoc IAssetToken
    function isFrozen(address account) external view returns (bool) {
        return _frozen[account];
    }

    /// @inheritdoc IAssetToken
    function identityRegistry() external view returns (address) {
        return address(_identities);
    }

    /// @inheritdoc IAssetToken
    function holderCap() external view returns (uint256) {
        return _holderCap;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (to != address(0)) {
            // Freezes stop holders, not agents: a forced transfer skips them, and so does a burn (to == 0; only
            // agents burn), as in ERC-3643's T-REX. A mint (from == 0) to a frozen account is refused.
            if (!_forcing) {
                if (from != address(0) && _frozen[from]) revert AssetTokenFrozen(from);
                if (_frozen[to]) revert AssetTokenFrozen(to);
            }
            uint256 code = _complianceError(to, value);
            if (code == 1) revert AssetTokenUnverifiedReceiver(to);
            if (code == 2) revert AssetTokenCountryBlocked(to, _identities.countryOf(to));
            if (code == 3) revert AssetTokenCapExceeded(to, balanceOf(to) + value, _holderCap);
        }
        IBalanceHook distributor = _distributor;
        if (address(distributor) != address(0)) distributor.onBalanceChange(from, to, value);
        super._update(from, to, value);
    }

    /// @dev 0 if `to` may receive `value`; 1 unverified, 2 blocked country, 3 over the cap.
    function _complianceError(address to, uint256 value) private view returns (uint256) {
        uint16 country = _identities.countryOf(to);
        if (country == 0) return 1;
        if (_blockedCountries[country]) return 2;
        uint256 cap = _holderCap;
        if (cap != 0 && !_capExempt[to] && balanceOf(to) + value > cap) return 3;
        return 0;
    }
}
