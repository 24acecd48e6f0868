// The MC146818 CMOS real-time clock through I/O ports 0x70 (register index) and 0x71 (data):
// one consistent reading of its date and time registers, decoded by CmosRtcReading. Read once,
// on the first use of the wall clock (Clock.Unix.Metal.cs); nothing else in the kernel uses
// these ports (the PIT and the local APIC are the timers).
//
// Consistency (MC146818A data sheet, "Update Cycle"; OSDev "CMOS"): once a second the chip
// copies its counters into the registers, and a read during that update can mix two seconds
// (e.g. 09:59:59 → 10:00:00 read as 10:59:59). Register A bit 7 (UIP) is set from 244 µs before
// the update until it ends, so the reader waits while UIP is set, reads every register, and
// repeats until two consecutive readings are identical: a reading is only accepted when no
// update can have changed it halfway. Both loops are bounded (UpdateWaitPollsMax,
// ReadAttemptsMax); a chip that never settles, or is missing (every port reads 0xFF), gives
// false or a reading CmosRtcReading rejects, never a hang.
//
// Register selection and NMI: bit 7 of the index written to port 0x70 disables NMI on PC chipsets
// for as long as it stays set. The kernel does not manage NMI, so it writes indexes with bit 7
// clear: NMI stays enabled (the reset state), as Linux's CMOS accessors do.
//
// Locking: an index write and its data read must not be split by another CPU's index write, so
// each register access is one short section under an InterruptsOffSpinLock (a few instructions,
// as the kernel's spinlock rule asks); the waits for UIP happen between accesses, not under it.
using Internal.Runtime;
using OSv.Core.Arch.X64;

namespace OSv.Core.Time
{
    internal static class RealTimeClock
    {
        private const ushort IndexPort = 0x70;
        private const ushort DataPort = 0x71;
        private const byte NmiDisable = 0x80; // never set: see above

        private const byte RegisterSeconds = 0x00;
        private const byte RegisterMinutes = 0x02;
        private const byte RegisterHours = 0x04;
        private const byte RegisterDayOfMonth = 0x07;
        private const byte RegisterMonth = 0x08;
        private const byte RegisterYear = 0x09;
        private const byte RegisterStatusA = 0x0A;
        private const byte RegisterStatusB = 0x0B;
        private const byte RegisterStatusD = 0x0D;
        private const byte RegisterCentury = 0x32;
        private const byte StatusAUpdateInProgress = 0x80;

        // UIP lasts at most 244 µs + 1,984 µs (data sheet); one poll is a port write and read
        // (≥ 1 µs on hardware, 0.1–1 µs under QEMU TCG), so this is seconds of margin on hardware
        // and ample under emulation, while still bounding a chip stuck in update.
        private const int UpdateWaitPollsMax = 1_000_000;

        // Two attempts suffice unless a second boundary passes between them; eight readings
        // span several update cycles only if each is slower than a second.
        private const int ReadAttemptsMax = 8;

        private static InterruptsOffSpinLock s_lock;

        // One consistent reading; false if UIP never cleared or no two readings agreed.
        public static bool TryRead(out CmosRtcReading reading)
        {
            reading = default;
            if (!WaitWhileUpdating())
                return false;
            CmosRtcReading previous = ReadRegisters();
            for (int attempt = 0; attempt < ReadAttemptsMax; attempt++)
            {
                if (!WaitWhileUpdating())
                    return false;
                reading = ReadRegisters();
                if (reading.SameAs(previous))
                    return true;
                previous = reading;
            }
            return false;
        }

        private static bool WaitWhileUpdating()
        {
            for (int poll = 0; poll < UpdateWaitPollsMax; poll++)
            {
                if ((ReadRegister(RegisterStatusA) & StatusAUpdateInProgress) == 0)
                    return true;
            }
            return false;
        }

        private static CmosRtcReading ReadRegisters()
        {
            CmosRtcReading reading;
            reading.Seconds = ReadRegister(RegisterSeconds);
            reading.Minutes = ReadRegister(RegisterMinutes);
            reading.Hours = ReadRegister(RegisterHours);
            reading.DayOfMonth = ReadRegister(RegisterDayOfMonth);
            reading.Month = ReadRegister(RegisterMonth);
            reading.Year = ReadRegister(RegisterYear);
            reading.Century = ReadRegister(RegisterCentury);
            reading.StatusB = ReadRegister(RegisterStatusB);
            reading.StatusD = ReadRegister(RegisterStatusD);
            return reading;
        }

        private static byte ReadRegister(byte index)
        {
            ulong flags = s_lock.Enter();
            Cpu.OutByte(IndexPort, (byte)(index & ~NmiDisable));
            byte value = Cpu.InByte(DataPort);
            s_lock.Exit(flags);
            return value;
        }
    }
}
