// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IIdentityRegistry} from "./interfaces/IIdentityRegistry.sol";

/// @title IdentityRegistry
/// @notice Verified holders with country codes; agents (KYC providers, the issuer) keep it.
contract IdentityRegistry is IIdentityRegistry, Ownable {
    mapping(address holder => uint16 country) private _countries;
    mapping(address account => bool) private _agents;

    /// @param owner_ Who appoints agents; also made an agent.
    constructor(address owner_) Ownable(owner_) {
        _agents[owner_] = true;
        emit AgentSet(owner_, true);
    }

    modifier onlyAgent() {
        if (!_agents[msg.sender]) revert IdentityRegistryNotAgent(msg.sender);
        _;
    }

    /// @inheritdoc IIdentityRegistry
    function setAgent(address agent, bool enabled) external onlyOwner {
        _agents[agent] = enabled;
        emit AgentSet(agent, enabled);
    }

    /// @inheritdoc IIdentityRegistry
    function registerIdentity(address holder, uint16 country) external onlyAgent {
        if (holder == address(0) || country == 0) revert IdentityRegistryBadIdentity(holder, country);
        _countries[holder] = country;
        emit IdentityRegistered(holder, country);
    }

    /// @inheritdoc IIdentityRegistry
    function removeIdentity(address holder) external onlyAgent {
        delete _countries[holder];
        emit IdentityRemoved(holder);
    }

    /// @inheritdoc IIdentityRegistry
    function isVerified(address holder) external view returns (bool) {
        return _countries[holder] != 0;
    }

    /// @inheritdoc IIdentityRegistry
    function countryOf(address holder) external view returns (uint16) {
        return _countries[holder];
    }

    /// @inheritdoc IIdentityRegistry
    function isAgent(address account) external view returns (bool) {
        return _agents[account];
    }
}
