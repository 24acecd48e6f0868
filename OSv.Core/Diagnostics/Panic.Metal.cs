// Stopping the machine with a readable report on the serial console:
//
//   PANIC: <reason>
//     vector 14 (page fault) error 0x2 cr2 0x0
//     rip 0x10234a  Hello_Program__Main+0x1a
//     rax ... (all general registers)
//     frames: <up to 16 return addresses along the rbp chain, with symbols>
//
// then exit through isa-debug-exit with Machine.PanicExitStatus. Everything here writes straight
// to the UART from stack buffers: a panic may come from the allocator itself.
using System;
using System.Runtime.InteropServices;
using System.Threading;
using OSv.Core.Arch.X64;
using OSv.Core.Console;

namespace OSv.Core.Diagnostics
{
    internal static unsafe class Panic
    {
        private const int FramesMax = 16;
        private const uint SymbolMapBytesMax = 64 << 20;

        private static byte* s_symbolMap;
        private const int NoCpu = -1;

        // The CPU writing the panic report, or NoCpu.
        private static int s_reportingCpu = NoCpu;

        public static void Install(byte* symbolMap)
        {
            s_symbolMap = symbolMap;
        }

        public static void Stop(string reason)
        {
            byte* message = stackalloc byte[256];
            int length = 0;
            for (int i = 0; i < reason.Length && length < 256; i++)
                message[length++] = (byte)reason[i];
            Cpu.PanicHere(message, length);
        }

        [UnmanagedCallersOnly(EntryPoint = "osv_software_panic")]
        private static void SoftwarePanic(TrapFrame* frame, byte* message, int length)
        {
            BeginReport();
            Write(message, length);
            WriteLine();
            Report(frame);
        }

        [UnmanagedCallersOnly(EntryPoint = "osv_exception")]
        private static void Exception(TrapFrame* frame)
        {
            BeginReport();
            WriteAscii(ExceptionName(frame->Vector));
            if (frame->Vector == 14)
                DescribePageFault(Cpu.ReadCr2());
            WriteLine();
            Report(frame);
        }

        private static void DescribePageFault(ulong address)
        {
            if (address < 4096)
            {
                WriteAscii(" (null reference)");
                return;
            }
            Sched.Thread? overflowed = Sched.Thread.FindStackOverflow(address);
            if (overflowed != null)
            {
                WriteAscii(" (stack overflow in thread '");
                WriteAscii(overflowed.Name);
                WriteAscii("')");
            }
        }

        private static void BeginReport()
        {
            // One CPU reports; another that panics meanwhile stops quietly (the report ends the
            // machine). A fault while reporting a fault: say so and stop, rather than recurse.
            int self = Cpu.CurrentIndex();
            int reporter = Interlocked.CompareExchange(ref s_reportingCpu, self, NoCpu);
            if (reporter == self)
            {
                WriteAscii("\nPANIC: fault inside the panic handler\n");
                Machine.ExitWithStatus(Machine.PanicExitStatus);
            }
            if (reporter != NoCpu)
                Cpu.HaltForever();
            WriteAscii("\nPANIC: ");
        }

        private static void Report(TrapFrame* frame)
        {
            if (frame->Vector != TrapFrame.SoftwarePanicVector)
            {
                WriteAscii("  vector ");
                WriteDecimal(frame->Vector);
                WriteAscii(" error 0x");
                WriteHex(frame->ErrorCode);
                if (frame->Vector == 14)
                {
                    WriteAscii(" cr2 0x");
                    WriteHex(Cpu.ReadCr2());
                }
                WriteLine();
            }
            WriteAscii("  rip 0x");
            WriteHex(frame->Rip);
            WriteAscii("  ");
            WriteSymbol(frame->Rip);
            WriteLine();
            WriteRegisters(frame);
            WriteFrames(frame->Rbp);
            Machine.ExitWithStatus(Machine.PanicExitStatus);
        }

        private static void WriteRegisters(TrapFrame* frame)
        {
            WriteRegister("  rax", frame->Rax); WriteRegister(" rbx", frame->Rbx); WriteRegister(" rcx", frame->Rcx); WriteRegister(" rdx", frame->Rdx); WriteLine();
            WriteRegister("  rsi", frame->Rsi); WriteRegister(" rdi", frame->Rdi); WriteRegister(" rbp", frame->Rbp); WriteRegister(" rsp", frame->Rsp); WriteLine();
            WriteRegister("  r8 ", frame->R8); WriteRegister(" r9 ", frame->R9); WriteRegister(" r10", frame->R10); WriteRegister(" r11", frame->R11); WriteLine();
            WriteRegister("  r12", frame->R12); WriteRegister(" r13", frame->R13); WriteRegister(" r14", frame->R14); WriteRegister(" r15", frame->R15); WriteLine();
            WriteRegister("  rflags", frame->Rflags); WriteLine();
        }

        // Follows saved frame pointers while they look sane (aligned, increasing, mapped).
        private static void WriteFrames(ulong rbp)
        {
            WriteAscii("  frames:\n");
            for (int i = 0; i < FramesMax; i++)
            {
                if (rbp < 4096 || (rbp & 7) != 0 || rbp >= (4UL << 30) - 16)
                    return;
                ulong returnAddress = *(ulong*)(rbp + 8);
                if (returnAddress == 0)
                    return;
                WriteAscii("    0x");
                WriteHex(returnAddress);
                WriteAscii("  ");
                WriteSymbol(returnAddress);
                WriteLine();
                ulong next = *(ulong*)rbp;
                if (next <= rbp)
                    return;
                rbp = next;
            }
        }

        private static void WriteSymbol(ulong address)
        {
            SymbolMap map = GetSymbolMap();
            byte* name = stackalloc byte[SymbolMap.NameBytesMax];
            if (!map.TryLookup(address, new Span<byte>(name, SymbolMap.NameBytesMax), out int nameLength, out ulong offset))
            {
                WriteAscii("(no symbol)");
                return;
            }
            Write(name, nameLength);
            WriteAscii("+0x");
            WriteHex(offset);
        }

        private static SymbolMap GetSymbolMap()
        {
            if (s_symbolMap == null || *(uint*)s_symbolMap != SymbolMap.Magic)
                return default;
            ulong totalBytes = SymbolMap.TotalBytes(*(uint*)(s_symbolMap + 4), *(uint*)(s_symbolMap + 8));
            if (totalBytes > SymbolMapBytesMax)
                return default;
            return new SymbolMap(new ReadOnlySpan<byte>(s_symbolMap, (int)totalBytes));
        }

        private static string ExceptionName(ulong vector) => vector switch
        {
            0 => "divide error",
            1 => "debug",
            2 => "non-maskable interrupt",
            3 => "breakpoint",
            4 => "overflow",
            5 => "bound range exceeded",
            6 => "invalid opcode",
            7 => "device not available",
            8 => "double fault",
            10 => "invalid TSS",
            11 => "segment not present",
            12 => "stack-segment fault",
            13 => "general protection fault",
            14 => "page fault",
            16 => "x87 floating-point error",
            17 => "alignment check",
            18 => "machine check",
            19 => "SIMD floating-point error",
            _ => "CPU exception",
        };

        private static void WriteRegister(string name, ulong value)
        {
            WriteAscii(name);
            WriteAscii("=0x");
            WriteHex(value);
        }

        private static void WriteAscii(string text)
        {
            byte* bytes = stackalloc byte[64];
            for (int start = 0; start < text.Length; start += 64)
            {
                int count = text.Length - start < 64 ? text.Length - start : 64;
                for (int i = 0; i < count; i++)
                    bytes[i] = (byte)text[start + i];
                Write(bytes, count);
            }
        }

        private static void WriteHex(ulong value)
        {
            byte* digits = stackalloc byte[16];
            int count = 0;
            do
            {
                int nibble = (int)(value & 0xF);
                digits[15 - count++] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
                value >>= 4;
            }
            while (value != 0);
            Write(digits + 16 - count, count);
        }

        private static void WriteDecimal(ulong value)
        {
            byte* digits = stackalloc byte[20];
            int count = 0;
            do
            {
                digits[19 - count++] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value != 0);
            Write(digits + 20 - count, count);
        }

        private static void WriteLine()
        {
            byte newline = (byte)'\n';
            Write(&newline, 1);
        }

        private static void Write(byte* bytes, int count) => Serial16550.WriteUnlocked(bytes, count);
    }
}
