#if NANOFRAMEWORK_1_0
using System;
using EdgeOracle.Firmware.Core.Terminal;
using Iot.Device.Pn532;
using Iot.Device.Pn532.AsTarget;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>
    /// The PN532 as an ISO-DEP card (PROTOCOL.md §10), over the Pn532 binding of nanoFramework.IoT.Device (SPI):
    /// <c>InitAsTarget</c> in PICC (ISO 14443-4A) mode, then <c>ReadDataAsTarget</c> (the phone's command APDU, after a
    /// status byte) → <see cref="NfcResponder.Process"/> → <c>WriteDataAsTarget</c>, until the phone leaves the field.
    /// </summary>
    internal sealed class Pn532CardEmulation
    {
        private readonly Pn532 _pn532;
        private readonly NfcResponder _responder;
        private readonly byte[] _read = new byte[262];
        private readonly byte[] _response = new byte[NfcResponder.MaxResponseLength];

        public Pn532CardEmulation(Pn532 pn532, NfcResponder responder)
        {
            _pn532 = pn532;
            _responder = responder;
        }

        /// <summary>Waits for a phone (the PN532's own timeout); serves its APDUs until it leaves. Returns whether one came.</summary>
        public bool ServeOnce()
        {
            // An ISO 14443-4A card: SENS_RES 0x0004, NFCID1 08 12 34 (random-UID prefix 0x08), SEL_RES 0x20 (ISO-DEP).
            TargetMifareParameters mifare = new TargetMifareParameters
            {
                Atqa = new byte[] { 0x04, 0x00 },
                NfcId3 = new byte[] { 0x12, 0x34, 0x56 },
                Sak = 0x20,
            };
            TargetFeliCaParameters feliCa = new TargetFeliCaParameters
            {
                NfcId2 = new byte[8],
                Pad = new byte[8],
                SystemCode = new byte[2],
            };
            TargetPiccParameters picc = new TargetPiccParameters
            {
                NfcId3 = new byte[10],
                GeneralTarget = new byte[0],
                HistoricalTarget = new byte[0],
            };

            // InitAsTarget blocks until a phone activates the card or the PN532 times out; no mode means no phone came.
            AsTargetInitialized initialized = _pn532.InitAsTarget(TargetModeInitialization.PiccOnly, mifare, feliCa, picc);
            if (initialized.ModeInialized == null)
            {
                return false;
            }

            _responder.FieldLost();
            while (true)
            {
                int read = _pn532.ReadDataAsTarget(_read);
                if (read < 2 || _read[0] != 0x00)
                {
                    break; // a non-zero status byte: the phone left the field
                }

                byte[] apdu = new byte[read - 1];
                Array.Copy(_read, 1, apdu, 0, apdu.Length);
                int length = _responder.Process(apdu, apdu.Length, _response);
                byte[] reply = new byte[length];
                Array.Copy(_response, 0, reply, 0, length);
                if (!_pn532.WriteDataAsTarget(reply))
                {
                    break;
                }
            }

            _responder.FieldLost();
            return true;
        }
    }
}
#endif
