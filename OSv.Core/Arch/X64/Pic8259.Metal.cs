// The legacy 8259 interrupt controllers. q35 and pc have them (microvm does not: the writes then
// go nowhere), and the BIOS leaves them delivering the PIT's IRQ 0 on vector 8, which would land
// in the double-fault handler the moment interrupts come on. So boot moves them off the exception
// vectors (to 0xE0..0xEF) and masks every line: device interrupts come through the I/O APIC.
namespace OSv.Core.Arch.X64
{
    internal static class Pic8259
    {
        private const ushort PrimaryCommand = 0x20, PrimaryData = 0x21;
        private const ushort SecondaryCommand = 0xA0, SecondaryData = 0xA1;
        private const byte Initialize = 0x11;          // ICW1: edge, cascade, ICW4 follows
        private const byte PrimaryVectorBase = 0xE0;   // ICW2
        private const byte SecondaryVectorBase = 0xE8;
        private const byte SecondaryOnLine2 = 4;       // ICW3 (primary): a secondary on IRQ 2
        private const byte CascadeIdentity = 2;        // ICW3 (secondary)
        private const byte Mode8086 = 1;               // ICW4
        private const byte MaskAll = 0xFF;

        public static void RemapAndMask()
        {
            Cpu.OutByte(PrimaryCommand, Initialize);
            Cpu.OutByte(SecondaryCommand, Initialize);
            Cpu.OutByte(PrimaryData, PrimaryVectorBase);
            Cpu.OutByte(SecondaryData, SecondaryVectorBase);
            Cpu.OutByte(PrimaryData, SecondaryOnLine2);
            Cpu.OutByte(SecondaryData, CascadeIdentity);
            Cpu.OutByte(PrimaryData, Mode8086);
            Cpu.OutByte(SecondaryData, Mode8086);
            Cpu.OutByte(PrimaryData, MaskAll);
            Cpu.OutByte(SecondaryData, MaskAll);
        }
    }
}
