namespace EdgeOracle.Firmware.Core.Terminal
{
    /// <summary>
    /// Constants of the NFC exchange between terminal and customer wallet (PROTOCOL.md §10): ISO/IEC 7816-4 APDUs over
    /// ISO-DEP (ISO/IEC 14443-4). The terminal's PN532 emulates the card; the wallet (a phone) is the reader.
    /// </summary>
    public static class NfcApdu
    {
        /// <summary>Class byte of ISO commands (SELECT).</summary>
        public const byte ClaIso = 0x00;

        /// <summary>Class byte of the proprietary commands (GET-INTENT, PUT-AUTHORIZATION).</summary>
        public const byte ClaProprietary = 0x80;

        /// <summary>SELECT.</summary>
        public const byte InsSelect = 0xA4;

        /// <summary>GET-INTENT: returns the 243-byte intent envelope.</summary>
        public const byte InsGetIntent = 0xE1;

        /// <summary>PUT-AUTHORIZATION: carries the customer's EIP-3009 authorization.</summary>
        public const byte InsPutAuthorization = 0xE2;

        /// <summary>SELECT P1: by DF name (AID).</summary>
        public const byte SelectByName = 0x04;

        /// <summary>SELECT P2: first or only occurrence, return FCI.</summary>
        public const byte SelectFirst = 0x00;

        /// <summary>Exchange format version returned by SELECT.</summary>
        public const byte ExchangeVersion = 0x01;

        /// <summary>Length of the PUT-AUTHORIZATION data: digest 32 ‖ from 20 ‖ validAfter 8 ‖ validBefore 8 ‖ signature 65.</summary>
        public const int AuthorizationLength = 32 + 20 + 8 + 8 + 65;

        /// <summary>
        /// Length of a cross-border PUT-AUTHORIZATION's data: the <see cref="AuthorizationLength"/> bytes, then payToken 20 ‖
        /// maxInput 32 (the customer pays in another token than the intent's, at most maxInput of it).
        /// </summary>
        public const int CrossBorderAuthorizationLength = AuthorizationLength + 20 + 32;

        /// <summary>SW 9000: success.</summary>
        public const int SwOk = 0x9000;

        /// <summary>SW 6700: wrong length (Lc or Le).</summary>
        public const int SwWrongLength = 0x6700;

        /// <summary>SW 6982: security status not satisfied (the authorization is for another intent).</summary>
        public const int SwWrongIntent = 0x6982;

        /// <summary>SW 6985: conditions of use not satisfied (application not selected, or no sale is waiting for a customer).</summary>
        public const int SwNotReady = 0x6985;

        /// <summary>SW 6A80: incorrect data (the signature's <c>v</c> is not 27 or 28).</summary>
        public const int SwBadData = 0x6A80;

        /// <summary>SW 6A82: file or application not found (unknown AID).</summary>
        public const int SwNotFound = 0x6A82;

        /// <summary>SW 6A86: incorrect P1/P2.</summary>
        public const int SwWrongP1P2 = 0x6A86;

        /// <summary>SW 6D00: instruction not supported.</summary>
        public const int SwUnknownInstruction = 0x6D00;

        /// <summary>SW 6E00: class not supported.</summary>
        public const int SwUnknownClass = 0x6E00;

        /// <summary>
        /// Returns the application identifier: the proprietary (category F) AID <c>F0 45 44 47 45 4F 01</c>,
        /// "F0" ‖ ASCII "EDGEO" ‖ version 1. A fresh copy each call, so no caller can change it.
        /// </summary>
        /// <returns>The 7-byte AID.</returns>
        public static byte[] Aid()
        {
            return new byte[] { 0xF0, 0x45, 0x44, 0x47, 0x45, 0x4F, 0x01 };
        }
    }
}
