// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title DeviceRoles
/// @notice Role codes of the device registry (PROTOCOL.md §1). They are wire values: never renumber them.
library DeviceRoles {
    /// @notice A sensor: may sign Observations.
    uint8 internal constant SENSOR = 1;

    /// @notice A point-of-sale terminal: may sign PaymentIntents.
    uint8 internal constant TERMINAL = 2;

    /// @notice An energy meter: may sign production Observations (metric 6) for a tokenized asset.
    uint8 internal constant METER = 3;
}
