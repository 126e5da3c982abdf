// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace Iot.Device.Card
{
    /// <summary>A reader that exchanges frames with a card; <c>Pn532</c> derives from it.</summary>
    public abstract class CardTransceiver
    {
        /// <summary>Sends to a card and reads its answer; returns the bytes read or -1.</summary>
        public abstract int Transceive(byte targetNumber, SpanByte dataToSend, SpanByte dataFromCard);

        /// <summary>Selects the card again.</summary>
        public abstract bool ReselectTarget(byte targetNumber);
    }
}
