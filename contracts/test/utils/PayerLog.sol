// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPaymentHub} from "../../src/payments/interfaces/IPaymentHub.sol";

/// @title PayerLog
/// @notice The test side of PaymentHub's payer log: what a merchant's back office keeps from the PaymentSettled
/// events (terminal, word, digest, payer, in settlement order) and the refund arguments it builds from them. The
/// chain step is re-implemented here from its definition, not read from the hub.
library PayerLog {
    struct Sale {
        address terminal;
        uint256 word;
        bytes32 digest;
        address payer;
    }

    struct Book {
        Sale[] sales;
    }

    /// @dev One step: the high 128 bits of keccak256(abi.encode(log, digest, payer)).
    function step(uint128 log, bytes32 digest, address payer) internal pure returns (uint128) {
        return uint128(uint256(keccak256(abi.encode(log, digest, payer))) >> 128);
    }

    /// @dev Notes a settled sale (call in settlement order).
    function note(Book storage book, address terminal, uint64 sequence, bytes32 digest, address payer) internal {
        book.sales.push(Sale(terminal, sequence >> 7, digest, payer));
    }

    /// @dev The refund arguments for the sale `digest` of `terminal`'s word `sequence >> 7`: the word's log before
    /// the sale and the word's later sales. Empty later and a zero log if the sale was not noted.
    function proof(Book storage book, address terminal, uint64 sequence, bytes32 digest)
        internal
        view
        returns (uint128 logBefore, IPaymentHub.SaleRecord[] memory later)
    {
        uint256 word = sequence >> 7;
        uint256 n = book.sales.length;
        uint128 log;
        bool found;
        uint256 count;
        for (uint256 i; i < n; ++i) {
            Sale storage s = book.sales[i];
            if (s.terminal != terminal || s.word != word) continue;
            if (found) ++count;
            if (!found && s.digest == digest) (found, logBefore) = (true, log);
            log = step(log, s.digest, s.payer);
        }
        later = new IPaymentHub.SaleRecord[](count);
        found = false;
        count = 0;
        for (uint256 i; i < n; ++i) {
            Sale storage s = book.sales[i];
            if (s.terminal != terminal || s.word != word) continue;
            if (found) later[count++] = IPaymentHub.SaleRecord(s.digest, s.payer);
            if (s.digest == digest) found = true;
        }
    }
}
