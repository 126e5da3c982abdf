// Reference surface (hand-written, public signatures only): see ../../README.md.
using System;

namespace Iot.Device.Pn532.AsTarget
{
    /// <summary>Which target modes the PN532 offers.</summary>
    public enum TargetModeInitialization
    {
        /// <summary>Any mode.</summary>
        Default = 0,

        /// <summary>ISO 14443-4 PICC (ISO-DEP card) only.</summary>
        PiccOnly = 0b0000_0100,
    }

    /// <summary>The mode the initiator activated.</summary>
    public class TargetModeInitialized
    {
        /// <summary>Whether the initiator activated ISO 14443-4 PICC mode.</summary>
        public bool IsISO14443_4Picc
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }
    }

    /// <summary>The result of <c>Pn532.InitAsTarget</c>.</summary>
    public class AsTargetInitialized
    {
        /// <summary>A result; both null when no initiator came.</summary>
        public AsTargetInitialized(TargetModeInitialized modeInialized, byte[] initiator) => throw new NotImplementedException();

        /// <summary>The activated mode, or null when no initiator came (the name's spelling is the library's).</summary>
        public TargetModeInitialized ModeInialized
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>The initiator's first frame.</summary>
        public byte[] Initiator
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }
    }

    /// <summary>ISO 14443-3A parameters of the emulated card.</summary>
    public class TargetMifareParameters
    {
        /// <summary>Defaults.</summary>
        public TargetMifareParameters() => throw new NotImplementedException();

        /// <summary>SENS_RES, 2 bytes.</summary>
        public byte[] Atqa
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>The NFCID1 bytes after the first, 3 bytes.</summary>
        public byte[] NfcId3
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>SEL_RES.</summary>
        public byte Sak
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }
    }

    /// <summary>FeliCa parameters of the emulated card.</summary>
    public class TargetFeliCaParameters
    {
        /// <summary>Defaults.</summary>
        public TargetFeliCaParameters() => throw new NotImplementedException();

        /// <summary>NFCID2, 8 bytes.</summary>
        public byte[] NfcId2
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>PAD, 8 bytes.</summary>
        public byte[] Pad
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>System code, 2 bytes.</summary>
        public byte[] SystemCode
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }
    }

    /// <summary>ISO 14443-4 (PICC) and DEP parameters of the emulated card.</summary>
    public class TargetPiccParameters
    {
        /// <summary>Defaults.</summary>
        public TargetPiccParameters() => throw new NotImplementedException();

        /// <summary>NFCID3, 10 bytes.</summary>
        public byte[] NfcId3
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>General bytes of the DEP target.</summary>
        public byte[] GeneralTarget
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>Historical bytes of the ATS.</summary>
        public byte[] HistoricalTarget
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }
    }
}
