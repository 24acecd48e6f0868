// The local APIC: its timer is the only tick source (one-shot, armed for the next deadline:
// no periodic tick), and its end-of-interrupt register acknowledges every interrupt.
// xAPIC register interface through MMIO (Intel SDM vol. 3, 11.4), at the base the
// IA32_APIC_BASE MSR gives; the boot stub identity-maps the whole low 4 GiB.
namespace OSv.Core.Arch.X64
{
    internal static unsafe class LocalApic
    {
        public const int TimerVector = 32;

        // Sent by a CPU that delivered threads to a halted (or not soon interrupted) one.
        public const int RescheduleVector = 48;

        // Sent by a CPU stopping the world (Sched/WorldStop.Metal.cs).
        public const int StopVector = 49;
        public const int SpuriousVector = 255;

        private const uint ApicBaseMsr = 0x1B;
        private const ulong ApicBaseEnable = 1 << 11;
        private const int IdRegister = 0x20;
        private const int EoiRegister = 0xB0;
        private const int InterruptCommandLowRegister = 0x300;
        private const int InterruptCommandHighRegister = 0x310;
        private const uint DeliveryPending = 1 << 12;
        private const uint InitAssert = 0x00004500;      // INIT, level assert
        private const uint StartupIpi = 0x00004600;      // start-up, level assert
        private const uint FixedIpi = 0x00004000;        // fixed delivery, level assert
        private const int DeliveryPollsMax = 1_000_000;
        private const int SpuriousRegister = 0xF0;
        private const uint SpuriousEnable = 0x100;
        private const int LvtTimerRegister = 0x320;
        private const uint LvtMasked = 1 << 16;
        private const int TimerInitialCountRegister = 0x380;
        private const int TimerCurrentCountRegister = 0x390;
        private const int TimerDivideRegister = 0x3E0;
        private const uint TimerDivideBy16 = 0x3;

        private static byte* s_base;
        private static ulong s_ticksPerMillisecond;

        public static void Initialize()
        {
            ulong baseMsr = Cpu.ReadMsr(ApicBaseMsr);
            Cpu.WriteMsr(ApicBaseMsr, baseMsr | ApicBaseEnable);
            s_base = (byte*)(baseMsr & ~0xFFFUL);
            Write(SpuriousRegister, SpuriousEnable | SpuriousVector);
            Write(TimerDivideRegister, TimerDivideBy16);
            Write(LvtTimerRegister, LvtMasked | TimerVector);
        }

        public static uint Id => Read(IdRegister) >> 24;

        // An application processor enables its own local APIC (same MMIO address on every CPU).
        public static void InitializeThisProcessor()
        {
            Write(SpuriousRegister, SpuriousEnable | SpuriousVector);
            Write(TimerDivideRegister, TimerDivideBy16);
            Write(LvtTimerRegister, LvtMasked | TimerVector);
        }

        public static void SendInit(uint apicId) => SendInterprocessor(apicId, InitAssert);

        // Starts the processor at physical address page << 12, in real mode.
        public static void SendStartup(uint apicId, uint page) => SendInterprocessor(apicId, StartupIpi | (page & 0xFF));

        // An ordinary interrupt on another CPU. Interrupts must be off: the command register is
        // written in two halves, which an interrupt handler sending an IPI of its own would tear.
        public static void SendFixed(uint apicId, int vector) => SendInterprocessor(apicId, FixedIpi | (uint)vector);

        private static void SendInterprocessor(uint apicId, uint command)
        {
            Write(InterruptCommandHighRegister, apicId << 24);
            Write(InterruptCommandLowRegister, command);
            for (int poll = 0; poll < DeliveryPollsMax && (Read(InterruptCommandLowRegister) & DeliveryPending) != 0; poll++)
            {
            }
        }

        // Starts the timer counting down from its maximum, for calibration against a reference.
        public static void StartCalibration()
        {
            Write(LvtTimerRegister, LvtMasked | TimerVector);
            Write(TimerInitialCountRegister, uint.MaxValue);
        }

        public static void FinishCalibration(ulong elapsedMicroseconds)
        {
            ulong elapsedTicks = uint.MaxValue - Read(TimerCurrentCountRegister);
            Write(TimerInitialCountRegister, 0);
            s_ticksPerMillisecond = elapsedMicroseconds == 0 ? 1 : elapsedTicks * 1000 / elapsedMicroseconds;
            if (s_ticksPerMillisecond == 0)
                s_ticksPerMillisecond = 1;
        }

        // One interrupt on TimerVector after the delay (at least one tick, at most the counter's range).
        public static void ArmOneShot(long delayNanoseconds)
        {
            Time.Clock.EnsureCalibrated();
            ulong ticks = delayNanoseconds <= 0 ? 1 : (ulong)delayNanoseconds * s_ticksPerMillisecond / 1_000_000;
            if (ticks == 0)
                ticks = 1;
            if (ticks > uint.MaxValue)
                ticks = uint.MaxValue;
            Write(LvtTimerRegister, TimerVector);
            Write(TimerInitialCountRegister, (uint)ticks);
        }

        public static void EndOfInterrupt() => Write(EoiRegister, 0);

        private static uint Read(int register) => Mmio.Read32(s_base + register);

        private static void Write(int register, uint value) => Mmio.Write32(s_base + register, value);
    }
}
