// The legacy 8254 PIT, used once at boot as the reference clock that the TSC and the local
// APIC timer are calibrated against (Intel 8254 data sheet: mode 0, read-back command).
// Channel 0 counts down once from 0xFFFF in mode 0 (interrupt on terminal count), started when
// the clock is initialised: boot goes on while it counts, and the first use of the clock reads
// how far it got, so calibration costs no busy wait when boot already spent the minimum
// interval. The read-back command latches the count and the status together; the status's OUT
// bit is set once the count reached zero, so an expired countdown (more than 0xFFFF ticks,
// ~54.9 ms) is told apart from a short one instead of being misread after a wrap. IRQ 0 stays
// masked (Pic8259, I/O APIC), so terminal count raises nothing. Channel 2's gate at port 0x61
// is not used: QEMU's microvm has no port 0x61.
namespace OSv.Core.Arch.X64
{
    internal static class Pit
    {
        public const ulong FrequencyHz = 1_193_182;
        public const ulong CountdownTicks = 0xFFFF;

        private const ushort Channel0Data = 0x40;
        private const ushort Command = 0x43;
        private const byte Channel0CountdownLowHigh = 0x30;     // channel 0, lobyte/hibyte, mode 0, binary
        private const byte ReadBackChannel0CountAndStatus = 0xE2; // read-back: latch count and status of channel 0
        private const byte StatusOutput = 0x80;                  // OUT pin: high after terminal count
        private const byte StatusNullCount = 0x40;               // the written count is not loaded yet
        private const long PollsMax = 50_000_000;
        private const int UnchangedReadsMax = 10_000;

        // Starts channel 0 counting down from CountdownTicks.
        public static void StartCountdown()
        {
            Cpu.OutByte(Command, Channel0CountdownLowHigh);
            Cpu.OutByte(Channel0Data, (byte)(CountdownTicks & 0xFF));
            Cpu.OutByte(Channel0Data, (byte)(CountdownTicks >> 8));
        }

        // Waits until the countdown started by StartCountdown has run at least minimumTicks and
        // returns the ticks elapsed when it returned (exact: no wrap-around is possible in mode 0
        // before OUT goes high). False if the countdown already expired (the caller restarts it)
        // or the counter does not move (no PIT).
        public static bool TryWaitCountdown(ulong minimumTicks, out ulong elapsedTicks)
        {
            ushort previous = 0;
            int unchanged = 0;
            for (long poll = 0; poll < PollsMax; poll++)
            {
                if (!TryReadCount(out ushort current))
                    break;
                elapsedTicks = CountdownTicks - current;
                if (elapsedTicks >= minimumTicks)
                    return true;
                if (poll > 0 && current == previous && ++unchanged > UnchangedReadsMax)
                    break;
                if (current != previous)
                    unchanged = 0;
                previous = current;
            }
            elapsedTicks = 0;
            return false;
        }

        // The count, or false once the countdown reached zero. A count not yet loaded reads as
        // the full countdown (nothing elapsed).
        private static bool TryReadCount(out ushort count)
        {
            Cpu.OutByte(Command, ReadBackChannel0CountAndStatus);
            byte status = Cpu.InByte(Channel0Data);
            byte low = Cpu.InByte(Channel0Data);
            byte high = Cpu.InByte(Channel0Data);
            count = (status & StatusNullCount) != 0 ? (ushort)CountdownTicks : (ushort)(low | (high << 8));
            return (status & StatusOutput) == 0;
        }
    }
}
