// A device interrupt end to end: COM1's transmitter-empty interrupt (ISA IRQ 4) is routed
// through the MADT and the I/O APIC to a device vector, and must arrive once a byte is sent.
using OSv.Core.Arch.X64;
using OSv.Core.Sched;
using OSv.Core.Time;

internal static unsafe class DeviceInterrupts
{
    private const ushort Com1 = 0x3F8;
    private const ushort InterruptEnable = Com1 + 1;
    private const ushort InterruptIdentification = Com1 + 2;
    private const ushort ModemControl = Com1 + 4;
    private const byte TransmitterEmptyInterrupt = 0x02;
    private const byte Out2 = 0x08; // gates the UART's interrupt line on PC-compatible boards
    private const int Vector = 36;

    private static int s_interrupts;
    private static Thread? s_waiter;

    private static void OnSerialInterrupt()
    {
        PortIo.In8(InterruptIdentification); // reading IIR acknowledges a transmitter-empty interrupt
        PortIo.Out8(InterruptEnable, 0);     // one is enough for the test
        s_interrupts++;
        s_waiter?.Unpark();
    }

    public static void SerialTransmitInterrupt()
    {
        bool routed = Interrupts.RouteIsaInterrupt(4, Vector, &OnSerialInterrupt);
        Check.That("ioapic.routes.isa.irq4", routed);
        s_waiter = Thread.Current;
        PortIo.Out8(ModemControl, (byte)(PortIo.In8(ModemControl) | Out2));
        PortIo.Out8(InterruptEnable, TransmitterEmptyInterrupt);
        System.Console.WriteLine("sending a byte to raise the UART interrupt");
        long deadline = Clock.NowNanoseconds + 2 * Clock.NanosecondsPerSecond;
        while (System.Threading.Volatile.Read(ref s_interrupts) == 0 && Clock.NowNanoseconds < deadline)
            Thread.Park(100 * Clock.NanosecondsPerMillisecond);
        Check.That("ioapic.uart.interrupt.delivered", s_interrupts >= 1);
    }
}
