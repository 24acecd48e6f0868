// The legacy 8254 PIT, used once at boot as the reference clock that the TSC and the local
// APIC timer are calibrated against. Channel 0 runs as a free-running rate generator from
// 0xFFFF and is sampled with latch commands; summing the decrements (with wrap-around) measures
// a known interval. Channel 2's gate at port 0x61 is not used: QEMU's microvm has no port 0x61.
namespace OSv.Core.Arch.X64
{
    internal static class Pit
    {
        public const ulong FrequencyHz = 1_193_182;

        private const ushort Channel0Data = 0x40;
        private const ushort Command = 0x43;
        private const byte Channel0RateGeneratorLowHigh = 0x34; // channel 0, lobyte/hibyte, mode 2
        private const byte Channel0Latch = 0x00;
        private const long PollsMax = 50_000_000;
        private const int UnchangedReadsMax = 10_000;

        // Waits `microseconds` on the PIT. Returns false if the counter does not move (no PIT).
        public static bool Wait(ulong microseconds)
        {
            ulong target = FrequencyHz * microseconds / 1_000_000;
            Cpu.OutByte(Command, Channel0RateGeneratorLowHigh);
            Cpu.OutByte(Channel0Data, 0xFF);
            Cpu.OutByte(Channel0Data, 0xFF);
            ushort previous = ReadCount();
            ulong elapsed = 0;
            int unchanged = 0;
            for (long poll = 0; poll < PollsMax && elapsed < target; poll++)
            {
                ushort current = ReadCount();
                if (current == previous)
                {
                    if (++unchanged > UnchangedReadsMax)
                        return false;
                    continue;
                }
                unchanged = 0;
                // Counting down; a reload from 0xFFFF shows up as current > previous.
                elapsed += current < previous ? (ulong)(previous - current) : (ulong)(previous + 0xFFFF - current);
                previous = current;
            }
            return elapsed >= target;
        }

        private static ushort ReadCount()
        {
            Cpu.OutByte(Command, Channel0Latch);
            byte low = Cpu.InByte(Channel0Data);
            byte high = Cpu.InByte(Channel0Data);
            return (ushort)(low | (high << 8));
        }
    }
}
