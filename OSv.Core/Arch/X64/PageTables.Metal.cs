// Changes to the kernel's page tables. The boot stub identity-maps the low 4 GiB with 2 MiB
// pages; unmapping one 4 KiB page (a guard page) first splits its 2 MiB page into a page table
// of 512 entries mapping the same memory, then clears the one entry and flushes it from the TLB.
// Intel SDM vol. 3, 4.5 (4-level paging).
//
// SMP: edits are serialised by a spinlock. Other CPUs get no TLB shootdown, deliberately: the only
// edits are unmapping guard pages and re-mapping them, and a split keeps every other
// translation identical. A stale entry on another CPU can only let a guard page miss a fault
// there (CPUs do not cache not-present entries, so a re-mapped page is never stale), never
// translate an address differently.

namespace OSv.Core.Arch.X64
{
    internal static unsafe class PageTables
    {
        public const ulong PageBytes = 4096;
        private const ulong LargePageBytes = 2UL << 20;
        private const ulong Present = 1;
        private const ulong Writable = 2;
        private const ulong LargePage = 0x80;
        private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;
        private const ulong MappedLimit = 4UL << 30;
        private const int EntriesPerTable = 512;

        private static Internal.Runtime.InterruptsOffSpinLock s_lock;

        // Makes the 4 KiB page at address inaccessible: any access faults.
        public static void UnmapPage(ulong address)
        {
            if ((address & (PageBytes - 1)) != 0 || address >= MappedLimit)
                Machine.Panic("paging: cannot unmap a page at an unaligned or unmapped address");
            ulong flags = s_lock.Enter();
            ulong* pageDirectoryEntry = FindPageDirectoryEntry(address);
            if ((*pageDirectoryEntry & LargePage) != 0)
                SplitLargePage(pageDirectoryEntry, address & ~(LargePageBytes - 1));
            ulong* pageTable = (ulong*)(*pageDirectoryEntry & AddressMask);
            pageTable[(address >> 12) & (EntriesPerTable - 1)] = 0;
            Cpu.InvalidatePage(address);
            s_lock.Exit(flags);
        }

        // Undoes UnmapPage: the page is identity-mapped again (its page table stays split).
        public static void MapPage(ulong address)
        {
            ulong flags = s_lock.Enter();
            ulong* pageDirectoryEntry = FindPageDirectoryEntry(address);
            if ((*pageDirectoryEntry & LargePage) == 0)
            {
                ulong* pageTable = (ulong*)(*pageDirectoryEntry & AddressMask);
                pageTable[(address >> 12) & (EntriesPerTable - 1)] = address | Present | Writable;
                Cpu.InvalidatePage(address);
            }
            s_lock.Exit(flags);
        }

        private static ulong* FindPageDirectoryEntry(ulong address)
        {
            ulong* pml4 = (ulong*)(Cpu.ReadCr3() & AddressMask);
            ulong* pdpt = (ulong*)(pml4[(address >> 39) & (EntriesPerTable - 1)] & AddressMask);
            ulong* pageDirectory = (ulong*)(pdpt[(address >> 30) & (EntriesPerTable - 1)] & AddressMask);
            return &pageDirectory[(address >> 21) & (EntriesPerTable - 1)];
        }

        private static void SplitLargePage(ulong* pageDirectoryEntry, ulong largePageBase)
        {
            ulong* pageTable = (ulong*)Memory.PhysicalMemory.AllocatePage("a page table");
            for (int i = 0; i < EntriesPerTable; i++)
                pageTable[i] = (largePageBase + (ulong)i * PageBytes) | Present | Writable;
            *pageDirectoryEntry = (ulong)pageTable | Present | Writable;
            // The whole 2 MiB range changed its translation structure: flush every page of it.
            for (ulong page = largePageBase; page < largePageBase + LargePageBytes; page += PageBytes)
                Cpu.InvalidatePage(page);
        }
    }
}
