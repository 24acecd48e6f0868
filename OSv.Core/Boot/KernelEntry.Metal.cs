// From the boot stub to the application's Main. Order matters: the console and the exception
// handlers come first so that anything after can fail loudly; no object may be allocated before
// the heap exists, and no static of a reference type may be read before InitializeModules.
// What depends on the runtime under CoreLib (its start, Main's arguments) is in RuntimeLayer.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OSv.Core.Arch.X64;
using OSv.Core.Console;
using OSv.Core.Diagnostics;
using OSv.Core.Memory;
using OSv.Core.Sched;

namespace OSv.Core.Boot
{
    internal static unsafe class KernelEntry
    {
        private const int MemoryMapEntriesMax = 128;

        [UnmanagedCallersOnly(EntryPoint = "osv_kernel_main")]
        private static void KernelMain(PvhStartInfo* startInfo, nint* modulesStart, nint* modulesEnd, byte* imageEnd, byte* symbolMap)
        {
            Serial16550.Initialize();
            Cpu.InstallExceptionHandlers();
            Panic.Install(symbolMap);

            if (startInfo->Magic != PvhStartInfo.ExpectedMagic)
                Panic.Stop("boot: the loader's start info has a bad magic number (not booted through PVH?)");
            MemoryRegion* usableBuffer = stackalloc MemoryRegion[MemoryMapEntriesMax];
            var usable = new ReadOnlySpan<MemoryRegion>(usableBuffer, ReadUsableRam(startInfo, usableBuffer));
            MemoryRegion bootstrapHeap = PhysicalMemory.ChooseBootstrapHeap(usable, (ulong)imageEnd);
            if (bootstrapHeap.SizeBytes == 0)
                Panic.Stop("boot: no usable RAM above the image");
            RuntimeLayer.Start((byte*)bootstrapHeap.Start, (nuint)bootstrapHeap.SizeBytes, modulesStart, modulesEnd);
            PhysicalMemory.Initialize(usable, (ulong)imageEnd, bootstrapHeap);
            CpuTables.Load(CpuTables.Allocate());
            Cpu.RouteFaultsToFaultStack();

            Pic8259.RemapAndMask();
            LocalApic.Initialize();
            Time.Clock.Initialize();
            Scheduler.Initialize(Thread.CreateMain());
            Sync.WaitRecordTable.EnsureInitialized(); // before a second thread can wait
            Cpu.EnableInterrupts();

            Platform.Firmware.Initialize(startInfo->RsdpAddress);
            ReadOnlySpan<byte> madt = Acpi.FindTable(startInfo->RsdpAddress, "APIC");
            Interrupts.InitializeDeviceRouting(madt);
            Smp.StartProcessors(madt);

            CommandLine.Split(ReadCommandLine(startInfo), out string[] kernelOptions, out string[] arguments);
            Machine.SetKernelOptions(kernelOptions);
            Files.ImageFileSystem.Initialize();
            if (ImageFileListing.IsRequested(kernelOptions))
                ImageFileListing.Print();
            Machine.ExitMachine(RuntimeLayer.RunMain(arguments));
        }

        // The usable RAM ranges of the PVH memory map, into the caller's buffer.
        private static int ReadUsableRam(PvhStartInfo* startInfo, MemoryRegion* usable)
        {
            if (startInfo->Version < 1 || startInfo->MemoryMapEntryCount == 0)
                Panic.Stop("boot: the loader gave no memory map");
            int usableCount = 0;
            PvhMemoryMapEntry* entries = (PvhMemoryMapEntry*)startInfo->MemoryMapAddress;
            // q35's PVH option ROM puts the map in page 0, which the boot stub leaves unmapped to
            // catch null references: map it only while reading.
            bool inPageZero = startInfo->MemoryMapAddress < PageTables.PageBytes;
            if (inPageZero)
                PageTables.MapPage(0);
            for (uint i = 0; i < startInfo->MemoryMapEntryCount && usableCount < MemoryMapEntriesMax; i++)
            {
                if (entries[i].Type == MemoryMap.UsableRamType)
                    usable[usableCount++] = new MemoryRegion(entries[i].Address, entries[i].SizeBytes);
            }
            if (inPageZero)
                PageTables.UnmapPage(0);
            return usableCount;
        }

        private static ReadOnlySpan<byte> ReadCommandLine(PvhStartInfo* startInfo)
        {
            byte* text = (byte*)startInfo->CommandLineAddress;
            if (text == null)
                return default;
            int length = 0;
            while (length < CommandLine.LengthBytesMax && text[length] != 0)
                length++;
            return new ReadOnlySpan<byte>(text, length);
        }
    }
}
