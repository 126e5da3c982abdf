// Reference surface (hand-written, public signatures only): see ../README.md.
using System;
using System.Device.Gpio;
using System.Device.Spi;
using Iot.Device.Card;
using Iot.Device.Pn532.AsTarget;

namespace Iot.Device.Pn532
{
    /// <summary>The PN532 NFC controller.</summary>
    public class Pn532 : CardTransceiver, IDisposable
    {
        /// <summary>
        /// A PN532 on SPI (mode 0, LSB first). The driver drives <paramref name="pinChipSelect"/> itself through
        /// <paramref name="controller"/> (a new one when null), so the SPI settings must not claim that pin.
        /// </summary>
        public Pn532(SpiDevice spiDevice, int pinChipSelect, GpioController controller = null, bool shouldDispose = false) => throw new NotImplementedException();

        /// <summary>Configures the PN532 as a target (a card) and waits for an initiator.</summary>
        public AsTargetInitialized InitAsTarget(TargetModeInitialization mode, TargetMifareParameters mifare, TargetFeliCaParameters feliCa, TargetPiccParameters picc) => throw new NotImplementedException();

        /// <summary>Reads what the initiator sent; the first byte is the PN532 status. Returns the bytes read or -1.</summary>
        public int ReadDataAsTarget(SpanByte receivedData) => throw new NotImplementedException();

        /// <summary>Answers the initiator; returns whether the PN532 reported success.</summary>
        public bool WriteDataAsTarget(SpanByte dataToSend) => throw new NotImplementedException();

        /// <inheritdoc/>
        public override int Transceive(byte targetNumber, SpanByte dataToSend, SpanByte dataFromCard) => throw new NotImplementedException();

        /// <inheritdoc/>
        public override bool ReselectTarget(byte targetNumber) => throw new NotImplementedException();

        /// <summary>Releases the bus and, if owned, the GPIO controller.</summary>
        public void Dispose() => throw new NotImplementedException();
    }
}
