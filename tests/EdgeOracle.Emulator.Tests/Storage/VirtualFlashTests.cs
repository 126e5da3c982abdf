using System;
using EdgeOracle.Emulator.Storage;

namespace EdgeOracle.Emulator.Tests.Storage
{
    public sealed class VirtualFlashTests
    {
        [Fact]
        public void NewFlash_IsErased_AndProgramOnlyClearsBits()
        {
            VirtualFlash flash = new VirtualFlash(16, 2);
            byte[] read = new byte[32];
            flash.Read(0, read, 0, 32);
            Assert.All(read, b => Assert.Equal(0xFF, b));

            flash.Program(3, new byte[] { 0xF0 }, 0, 1);
            flash.Program(3, new byte[] { 0x30 }, 0, 1);
            flash.Read(3, read, 0, 1);
            Assert.Equal(0x30, read[0]);
            Assert.Throws<InvalidOperationException>(() => flash.Program(3, new byte[] { 0x31 }, 0, 1));
        }

        [Fact]
        public void Erase_SetsOneBlockTo0xFF_AndCountsWear()
        {
            VirtualFlash flash = new VirtualFlash(16, 2);
            flash.Program(0, new byte[32], 0, 32);
            flash.Erase(1);
            byte[] read = new byte[32];
            flash.Read(0, read, 0, 32);
            Assert.All(read.AsSpan(0, 16).ToArray(), b => Assert.Equal(0x00, b));
            Assert.All(read.AsSpan(16, 16).ToArray(), b => Assert.Equal(0xFF, b));
            Assert.Equal(1, flash.EraseCount(1));
            Assert.Equal(0, flash.EraseCount(0));
        }

        [Fact]
        public void PowerCut_DuringProgram_KeepsThePrefix_TearsOneByte_AndLeavesTheRest()
        {
            VirtualFlash flash = new VirtualFlash(16, 1);
            flash.ArmPowerCut(2);
            PowerCutException cut = Assert.Throws<PowerCutException>(() => flash.Program(0, new byte[] { 0x11, 0x22, 0x00, 0x44 }, 0, 4));
            Assert.Equal(2, cut.Step);
            Assert.False(flash.IsPowered);
            Assert.Throws<InvalidOperationException>(() => flash.Read(0, new byte[1], 0, 1));

            flash.PowerOn();
            byte[] read = new byte[4];
            flash.Read(0, read, 0, 4);
            Assert.Equal(new byte[] { 0x11, 0x22, 0x0F, 0xFF }, read);
        }

        [Fact]
        public void PowerCut_DuringErase_LeavesTheBlockHalfErased()
        {
            VirtualFlash flash = new VirtualFlash(16, 1);
            flash.Program(0, new byte[16], 0, 16);
            flash.ArmPowerCut(0);
            Assert.Throws<PowerCutException>(() => flash.Erase(0));
            flash.PowerOn();
            byte[] read = new byte[16];
            flash.Read(0, read, 0, 16);
            Assert.All(read.AsSpan(0, 8).ToArray(), b => Assert.Equal(0xFF, b));
            Assert.All(read.AsSpan(8, 8).ToArray(), b => Assert.Equal(0x00, b));
        }

        [Fact]
        public void SaveToAndLoadFrom_KeepTheCellsAcrossInstances_AndRefuseAnotherSize()
        {
            string path = System.IO.Path.GetTempFileName();
            try
            {
                VirtualFlash flash = new VirtualFlash(16, 2);
                flash.Program(5, new byte[] { 0x12, 0x34 }, 0, 2);
                flash.SaveTo(path);

                VirtualFlash again = new VirtualFlash(16, 2);
                again.LoadFrom(path);
                byte[] read = new byte[2];
                again.Read(5, read, 0, 2);
                Assert.Equal(new byte[] { 0x12, 0x34 }, read);
                Assert.Throws<ArgumentException>(() => new VirtualFlash(16, 3).LoadFrom(path));
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }

        [Fact]
        public void Restore_PutsBackASnapshot_AndCountsStepsFromArming()
        {
            VirtualFlash flash = new VirtualFlash(16, 1);
            byte[] erased = flash.Snapshot();
            flash.ArmPowerCut(-1);
            flash.Program(0, new byte[5], 0, 5);
            flash.Erase(0);
            Assert.Equal(6, flash.Steps);
            flash.Program(0, new byte[1], 0, 1);
            flash.Restore(erased);
            byte[] read = new byte[1];
            flash.Read(0, read, 0, 1);
            Assert.Equal(0xFF, read[0]);
        }
    }
}
