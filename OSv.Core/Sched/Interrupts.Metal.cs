// The managed side of device and timer interrupts (stubs in cpu.S). Runs with interrupts
// disabled on the interrupted thread's stack, after the full register state was saved.
using System.Runtime.InteropServices;
using OSv.Core.Arch.X64;

namespace OSv.Core.Sched
{
    internal static unsafe class Interrupts
    {
        private static long s_timerInterrupts;
        private static long s_spuriousInterrupts;

        public static long TimerInterruptCount => s_timerInterrupts;

        [UnmanagedCallersOnly(EntryPoint = "osv_interrupt")]
        private static void Dispatch(TrapFrame* frame)
        {
            switch (frame->Vector)
            {
                case LocalApic.TimerVector:
                    s_timerInterrupts++;
                    // Acknowledge first: the handler may switch threads before returning.
                    LocalApic.EndOfInterrupt();
                    Scheduler.OnTimerInterrupt();
                    break;
                case LocalApic.SpuriousVector:
                    s_spuriousInterrupts++; // spurious interrupts take no EOI (SDM 11.9)
                    break;
                default:
                    LocalApic.EndOfInterrupt();
                    break;
            }
        }
    }
}
