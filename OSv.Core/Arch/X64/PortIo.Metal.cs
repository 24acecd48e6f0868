// x86 I/O ports, for drivers of legacy devices (UART, PCI configuration mechanism 1, the
// legacy virtio transport). Each access is one in/out instruction.
namespace OSv.Core.Arch.X64
{
    public static class PortIo
    {
        public static byte In8(ushort port) => Cpu.InByte(port);

        public static void Out8(ushort port, byte value) => Cpu.OutByte(port, value);
    }
}
