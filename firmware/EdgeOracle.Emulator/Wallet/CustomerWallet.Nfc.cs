using System;
using System.Buffers.Binary;
using EdgeOracle.Emulator.Nfc;
using EdgeOracle.Firmware.Core.Terminal;
using Nethereum.Hex.HexConvertors.Extensions;

namespace EdgeOracle.Emulator.Wallet
{
    /// <summary>The wallet's side of the NFC exchange (PROTOCOL.md §10): the phone is the ISO-DEP reader.</summary>
    public sealed partial class CustomerWallet
    {
        /// <summary>
        /// Taps the phone on a terminal: SELECT the EdgeOracle AID, GET-INTENT, check and sign the intent
        /// (<see cref="Authorize"/>), PUT-AUTHORIZATION, then leave the field.
        /// </summary>
        /// <param name="field">The terminal's NFC field.</param>
        /// <returns>The authorization the terminal accepted.</returns>
        /// <exception cref="NfcExchangeException">The terminal refused a command.</exception>
        /// <exception cref="System.IO.InvalidDataException">The intent does not check out (see <see cref="Authorize"/>).</exception>
        /// <exception cref="System.IO.IOException">The phone left the field mid-exchange.</exception>
        public CustomerAuthorization Tap(VirtualNfcField field)
        {
            ArgumentNullException.ThrowIfNull(field);
            field.Enter();
            try
            {
                byte[] aid = NfcApdu.Aid();
                byte[] select = [NfcApdu.ClaIso, NfcApdu.InsSelect, NfcApdu.SelectByName, NfcApdu.SelectFirst, (byte)aid.Length, .. aid, 0x00];
                byte[] answer = Expect(field.Transceive(select), "SELECT");
                if (answer.Length < 1 || answer[0] != NfcApdu.ExchangeVersion)
                {
                    throw new NfcExchangeException("SELECT (version)", NfcApdu.SwBadData);
                }

                byte[] envelope = Expect(field.Transceive([NfcApdu.ClaProprietary, NfcApdu.InsGetIntent, 0, 0, 0]), "GET-INTENT");
                CustomerAuthorization authorization = Authorize(envelope);
                Expect(field.Transceive(PutAuthorizationApdu(authorization)), "PUT-AUTHORIZATION");
                return authorization;
            }
            finally
            {
                field.Leave();
            }
        }

        /// <summary>
        /// Builds the PUT-AUTHORIZATION command: <c>80 E2 00 00 85</c> digest ‖ from ‖ validAfter ‖ validBefore ‖ signature,
        /// or for a cross-border sale <c>80 E2 00 00 B9</c> with payToken ‖ maxInput appended.
        /// </summary>
        /// <param name="authorization">A signed authorization.</param>
        /// <returns>The 138-byte (cross-border: 190-byte) command APDU.</returns>
        public static byte[] PutAuthorizationApdu(CustomerAuthorization authorization)
        {
            ArgumentNullException.ThrowIfNull(authorization);
            int length = authorization.IsCrossBorder ? NfcApdu.CrossBorderAuthorizationLength : NfcApdu.AuthorizationLength;
            byte[] apdu = new byte[5 + length];
            apdu[0] = NfcApdu.ClaProprietary;
            apdu[1] = NfcApdu.InsPutAuthorization;
            apdu[4] = (byte)length;
            authorization.Nonce.CopyTo(apdu, 5);
            authorization.FromBytes.CopyTo(apdu, 37);
            BinaryPrimitives.WriteUInt64BigEndian(apdu.AsSpan(57), authorization.ValidAfter);
            BinaryPrimitives.WriteUInt64BigEndian(apdu.AsSpan(65), authorization.ValidBefore);
            authorization.Signature.CopyTo(apdu, 73);
            if (authorization.IsCrossBorder)
            {
                authorization.PayToken!.HexToByteArray().CopyTo(apdu, 5 + NfcApdu.AuthorizationLength);
                authorization.Value.ToByteArray(isUnsigned: true, isBigEndian: true)
                    .CopyTo(apdu, 5 + NfcApdu.CrossBorderAuthorizationLength - authorization.Value.GetByteCount(isUnsigned: true));
            }

            return apdu;
        }

        private static byte[] Expect(byte[] response, string step)
        {
            int sw = response.Length >= 2 ? (response[^2] << 8) | response[^1] : 0;
            if (sw != NfcApdu.SwOk)
            {
                throw new NfcExchangeException(step, sw);
            }

            return response[..^2];
        }
    }
}
