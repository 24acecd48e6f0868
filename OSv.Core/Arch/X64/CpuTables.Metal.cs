// Each CPU's own descriptor tables: a GDT and a TSS whose IST1 points at a fault stack of its
// own (a CPU cannot share a TSS: loading one marks it busy). Built in one page per CPU.
using OSv.Core.Memory;

namespace OSv.Core.Arch.X64
{
    internal static unsafe class CpuTables
    {
        private const int FaultStackPages = 4;

        public struct Block
        {
            public byte* Tables;
            public ulong FaultStackTop;
        }

        // Allocated by the boot processor, for itself or before it starts another processor.
        public static Block Allocate()
        {
            Block block;
            block.Tables = PhysicalMemory.AllocatePage("descriptor tables");
            block.FaultStackTop = (ulong)PhysicalMemory.AllocatePages(FaultStackPages, "a fault stack") + FaultStackPages * PageTables.PageBytes;
            return block;
        }

        // Runs on the CPU the block is for.
        public static void Load(Block block) => Cpu.LoadCpuTables(block.Tables, block.FaultStackTop);
    }
}
