// The COM1 serial port (a 16550 UART at I/O port 0x3F8): the console of every image. Polled,
// not interrupt-driven: output is rare outside the boot log and must work inside a panic.
using OSv.Core.Arch.X64;

namespace OSv.Core.Console
{
    internal static unsafe class Serial16550
    {
        private const ushort Com1 = 0x3F8;
        private const ushort Data = Com1 + 0;
        private const ushort InterruptEnable = Com1 + 1;
        private const ushort FifoControl = Com1 + 2;
        private const ushort LineControl = Com1 + 3;
        private const ushort ModemControl = Com1 + 4;
        private const ushort LineStatus = Com1 + 5;
        private const byte LineStatusTransmitterEmpty = 0x20;
        private const byte LineControlDivisorLatch = 0x80;
        private const byte LineControl8N1 = 0x03;
        private const byte BaudDivisor115200 = 1;
        private const int TransmitWaitPollsMax = 100_000;

        public static void Initialize()
        {
            Cpu.OutByte(InterruptEnable, 0);
            Cpu.OutByte(LineControl, LineControlDivisorLatch);
            Cpu.OutByte(Data, BaudDivisor115200);
            Cpu.OutByte(InterruptEnable, 0);
            Cpu.OutByte(LineControl, LineControl8N1);
            Cpu.OutByte(FifoControl, 0xC7);  // enable and clear FIFOs, 14-byte threshold
            Cpu.OutByte(ModemControl, 0x03); // DTR, RTS
        }

        private static Internal.Runtime.InterruptsOffSpinLock s_lock;

        // One writer at a time, so that CPUs do not interleave within a line.
        public static void Write(byte* bytes, int count)
        {
            ulong flags = s_lock.Enter();
            WriteUnlocked(bytes, count);
            s_lock.Exit(flags);
        }

        // For the panic report, which must not wait for a CPU that may never release the lock.
        // Terminals want CR LF; the kernel and apps write LF.
        public static void WriteUnlocked(byte* bytes, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (bytes[i] == (byte)'\n')
                    WriteByte((byte)'\r');
                WriteByte(bytes[i]);
            }
        }

        private static void WriteByte(byte value)
        {
            // Bounded: a missing or wedged UART must not hang the kernel.
            for (int poll = 0; poll < TransmitWaitPollsMax; poll++)
            {
                if ((Cpu.InByte(LineStatus) & LineStatusTransmitterEmpty) != 0)
                    break;
            }
            Cpu.OutByte(Data, value);
        }
    }
}
