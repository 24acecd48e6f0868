// Failures of the kernel itself, which stay panics with registers and the faulting symbol (not
// managed exceptions): the page-frame allocator running dry, and a null dereference inside an
// interrupt handler (interrupts are off there, so the runtime must not unwind it).
using OSv.Core.Arch.X64;
using OSv.Core.Memory;
using OSv.Core.Sched;
using OSv.Core.Time;

internal static unsafe class KernelFailures
{
    private const ushort Com1 = 0x3F8;
    private const ushort InterruptEnable = Com1 + 1;
    private const ushort InterruptIdentification = Com1 + 2;
    private const ushort ModemControl = Com1 + 4;
    private const byte TransmitterEmptyInterrupt = 0x02;
    private const byte Out2 = 0x08;
    private const int Vector = 37;
    private const int PagesPerRequest = 16;

    // DMA pages are kernel memory, not the object heap: taking them until none are left panics
    // naming the requester.
    public static void ExhaustPageFrames()
    {
        while (true)
            DmaMemory.AllocatePages(PagesPerRequest, "the kernel-out-of-memory scenario");
    }

    // COM1's transmitter-empty interrupt (as DeviceInterrupts) with a handler that reads address 0.
    public static void FaultInInterruptHandler()
    {
        Interrupts.RouteIsaInterrupt(4, Vector, &ReadNullInHandler);
        PortIo.Out8(ModemControl, (byte)(PortIo.In8(ModemControl) | Out2));
        PortIo.Out8(InterruptEnable, TransmitterEmptyInterrupt);
        System.Console.WriteLine("raising an interrupt whose handler reads address 0");
        Thread.Park(2 * Clock.NanosecondsPerSecond);
        System.Console.WriteLine("FAIL the faulting interrupt handler did not stop the machine");
    }

    private static void ReadNullInHandler()
    {
        PortIo.In8(InterruptIdentification);
        PortIo.Out8(InterruptEnable, 0);
        int* nowhere = null;
        System.Console.WriteLine(*nowhere);
    }
}
