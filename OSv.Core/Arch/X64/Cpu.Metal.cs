// x86-64 instructions the kernel needs, implemented in cpu.S and reached with [RuntimeImport]:
// a direct call, no marshalling, no GC transition.
using System.Runtime;
using System.Runtime.CompilerServices;

#pragma warning disable CS0649 // filled in by the loader or the CPU, never by C#

namespace OSv.Core.Arch.X64
{
    internal static unsafe class Cpu
    {
        [RuntimeImport("osv_outb"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void OutByte(ushort port, byte value);

        [RuntimeImport("osv_inb"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern byte InByte(ushort port);

        [RuntimeImport("osv_outl"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void OutUInt32(ushort port, uint value);

        [RuntimeImport("osv_halt_forever"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void HaltForever();

        [RuntimeImport("osv_read_cr2"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern ulong ReadCr2();

        [RuntimeImport("osv_read_tsc"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern ulong ReadTsc();

        [RuntimeImport("osv_read_cr3"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern ulong ReadCr3();

        [RuntimeImport("osv_invalidate_page"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void InvalidatePage(ulong address);

        [RuntimeImport("osv_boot_stack_guard_address"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern ulong BootStackGuardAddress();

        // The image's file archive as linked (section .osv_files): first byte, one past the last.
        [RuntimeImport("osv_image_files_start"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern byte* ImageFilesStart();

        [RuntimeImport("osv_image_files_end"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern byte* ImageFilesEnd();

        // IA32_FS_BASE: the thread pointer of C code (TLS, the stack-protector canary at fs:0x28).
        [RuntimeImport("osv_write_fs_base"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void WriteFsBase(ulong value);

        [RuntimeImport("osv_read_fs_base"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern ulong ReadFsBase();

        // The 8 bytes at fs:[offset], read through the FS segment the way C code does.
        [RuntimeImport("osv_read_fs_word"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern ulong ReadFsWord(long offset);

        // Loads this CPU's GDT and TSS, built in the page at tables, with IST1 = faultStackTop.
        [RuntimeImport("osv_load_cpu_tables"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void LoadCpuTables(byte* tables, ulong faultStackTop);

        // Double and page faults switch to IST1 (every CPU's TSS must have one first).
        [RuntimeImport("osv_route_faults_to_fault_stack"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void RouteFaultsToFaultStack();

        // layout[0..5]: trampoline start, size, offsets of the cr3, stack, entry and index slots.
        [RuntimeImport("osv_ap_trampoline_layout"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void ApTrampolineLayout(ulong* layout);

        [RuntimeImport("osv_load_idt"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void LoadInterruptTable();

        [RuntimeImport("osv_install_exception_handlers"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void InstallExceptionHandlers();

        [RuntimeImport("osv_install_interrupt_handlers"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void InstallInterruptHandlers();

        // Returns the previous RFLAGS, for RestoreInterrupts.
        [RuntimeImport("osv_disable_interrupts"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern ulong DisableInterrupts();

        [RuntimeImport("osv_restore_interrupts"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void RestoreInterrupts(ulong flags);

        [RuntimeImport("osv_enable_interrupts"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void EnableInterrupts();

        // sti; hlt; cli — sleeps until the next interrupt without a lost-wakeup window.
        [RuntimeImport("osv_wait_for_interrupt"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void WaitForInterrupt();

        [RuntimeImport("osv_read_msr"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern ulong ReadMsr(uint msr);

        [RuntimeImport("osv_write_msr"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void WriteMsr(uint msr, ulong value);

        // Writes eax, ebx, ecx, edx of CPUID(leaf, subleaf) to registers[0..3].
        [RuntimeImport("osv_cpuid"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void Cpuid(uint leaf, uint subleaf, uint* registers);

        // Saves callee-saved registers and the stack pointer, continues on newStackPointer.
        [RuntimeImport("osv_switch_stack"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void SwitchStack(ulong* saveStackPointer, ulong newStackPointer);

        // Per-CPU data through the GS base (sched.S): set once per CPU, before anything reads it.
        [RuntimeImport("osv_enter_cpu"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void EnterCpu(int index);

        [RuntimeImport("osv_cpu_index"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int CurrentIndex();

        // The running thread of this CPU, read in one instruction (null before the scheduler).
        [RuntimeImport("osv_current_thread"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern Sched.Thread? CurrentThread();

        [RuntimeImport("osv_set_current_thread"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void SetCurrentThread(Sched.Thread thread);

        [RuntimeImport("osv_pause"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void Pause();

        [RuntimeImport("osv_thread_trampoline_address"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern nint ThreadTrampolineAddress();

        // Captures the caller's registers and panics with the message. Never returns.
        [RuntimeImport("osv_panic_here"), MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void PanicHere(byte* message, int length);
    }

    // The registers an exception stub (or osv_panic_here) saves, lowest address first.
    internal struct TrapFrame
    {
        public const ulong SoftwarePanicVector = 0xFF;

        public ulong R15, R14, R13, R12, R11, R10, R9, R8;
        public ulong Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;
        public ulong Vector, ErrorCode;
        public ulong Rip, Cs, Rflags, Rsp, Ss;
    }
}
