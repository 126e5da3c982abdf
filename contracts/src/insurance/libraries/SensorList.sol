// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title SensorList
/// @notice A fixed list of addresses kept as the code of a data contract (the SSTORE2 pattern): written once, then
/// read whole with one EXTCODECOPY (2,600 gas cold, 3 per word) instead of one cold storage slot (2,100) per entry.
/// QuorumInsurance keeps each region's sensors this way, so a round learns all of them for the price of one slot;
/// and since it creates no other contract, it finds region n's list at its n-th CREATE address (`createdAt`)
/// instead of storing the address.
/// @dev The data contract's code is 0x00 (STOP: calling it does nothing) followed by the addresses, 20 bytes each,
/// in list order. Its creation code is the 10-byte header `PUSH2 len DUP1 PUSH1 0x0a RETURNDATASIZE CODECOPY
/// RETURNDATASIZE RETURN` followed by that code.
library SensorList {
    /// @dev Creation code header without the length: 0x61 <len:2> 80 60 0a 3d 39 3d f3.
    uint256 private constant _HEADER_TAIL = 0x80600a3d393df3;

    /// @dev Bytes before the data in the code: the STOP byte.
    uint256 private constant _DATA_OFFSET = 1;

    /// @notice Deploys a data contract holding `list`.
    /// @param list The addresses, at most 3,276 (the code length must fit the header's two bytes).
    /// @return pointer The data contract, or the zero address if its creation failed (out of gas).
    function store(address[] memory list) internal returns (address pointer) {
        uint256 n = list.length;
        uint256 codeLength = _DATA_OFFSET + 20 * n;
        // header (10 bytes) ‖ 0x00 ‖ addresses; the 32-byte writes below spill into unallocated memory only.
        bytes memory init = new bytes(10 + codeLength);
        assembly ("memory-safe") {
            let p := add(init, 0x20)
            mstore(p, or(shl(248, 0x61), or(shl(232, codeLength), shl(176, _HEADER_TAIL))))
            let data := add(p, 11)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                mstore(add(data, mul(i, 20)), shl(96, mload(add(list, mul(add(i, 1), 0x20)))))
            }
            pointer := create(0, p, mload(init))
        }
    }

    /// @notice The address of the contract `deployer` creates with CREATE at account nonce `nonce`:
    /// keccak256(rlp([deployer, nonce]))[12:]. A contract's nonce starts at 1 (EIP-161) and each CREATE uses one.
    /// @param deployer The creating contract.
    /// @param nonce Its nonce at the CREATE, from 1 to 2^32 - 1.
    /// @return The created contract's address.
    function createdAt(address deployer, uint256 nonce) internal pure returns (address) {
        bytes memory rlp;
        // A list of two strings: 0x94 ‖ the 20-byte address, then the nonce (one byte below 0x80, else 0x80 + its
        // length ‖ its big-endian bytes); the list prefix is 0xc0 + the payload length.
        // The nonce fits the width each branch casts it to.
        // forge-lint: disable-start(unsafe-typecast)
        if (nonce < 0x80) rlp = abi.encodePacked(bytes2(0xd694), deployer, uint8(nonce));
        else if (nonce <= type(uint8).max) rlp = abi.encodePacked(bytes2(0xd794), deployer, hex"81", uint8(nonce));
        else if (nonce <= type(uint16).max) rlp = abi.encodePacked(bytes2(0xd894), deployer, hex"82", uint16(nonce));
        else if (nonce <= type(uint24).max) rlp = abi.encodePacked(bytes2(0xd994), deployer, hex"83", uint24(nonce));
        else rlp = abi.encodePacked(bytes2(0xda94), deployer, hex"84", uint32(nonce));
        // forge-lint: disable-end(unsafe-typecast)
        return address(uint160(uint256(keccak256(rlp))));
    }

    /// @notice Reads the first `count` addresses of a data contract written by `store`.
    /// @param pointer The data contract.
    /// @param count How many addresses to read (no more than it holds; any more read as zero).
    /// @return packed The addresses, 20 bytes each; index them with `get`.
    function load(address pointer, uint256 count) internal view returns (bytes memory packed) {
        uint256 length = 20 * count;
        packed = new bytes(length);
        assembly ("memory-safe") {
            extcodecopy(pointer, add(packed, 0x20), _DATA_OFFSET, length)
        }
    }

    /// @notice The address at `index` of a loaded list; the caller keeps `index` below the count it loaded.
    /// @param packed A list from `load`.
    /// @param index The position.
    /// @return entry The address.
    function get(bytes memory packed, uint256 index) internal pure returns (address entry) {
        assembly ("memory-safe") {
            entry := shr(96, mload(add(add(packed, 0x20), mul(index, 20))))
        }
    }

    /// @notice A loaded list as an address array.
    /// @param packed A list from `load`.
    /// @return list The addresses.
    function toArray(bytes memory packed) internal pure returns (address[] memory list) {
        uint256 n = packed.length / 20;
        list = new address[](n);
        for (uint256 i; i < n; ++i) {
            list[i] = get(packed, i);
        }
    }
}
