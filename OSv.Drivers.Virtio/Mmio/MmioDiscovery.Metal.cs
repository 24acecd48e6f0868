// virtio-mmio devices of this machine, from the ACPI DSDT (AcpiMmioDevices explains why there),
// each checked through its registers (MmioTransport.TryCreate): empty slots and legacy devices
// are skipped with a boot-log line saying why.
using System;
using OSv.Core.Platform;

namespace OSv.Drivers.Virtio.Mmio
{
    public static class MmioDiscovery
    {
        // Transports for the devices found (each knows its interrupt line); returns the count.
        public static int FindDevices(Span<MmioTransport> transports)
        {
            Span<MmioDeviceInfo> found = stackalloc MmioDeviceInfo[AcpiMmioDevices.DevicesMax];
            int candidates = AcpiMmioDevices.Find(Firmware.FindDsdt(), found);
            int count = 0;
            for (int i = 0; i < candidates && count < transports.Length; i++)
            {
                string location = "mmio 0x" + found[i].BaseAddress.ToString("x");
                MmioTransport? transport = MmioTransport.TryCreate(new PhysicalMmioWindow(found[i].BaseAddress), location, out string? refusal);
                if (transport == null)
                {
                    if (refusal != "empty slot")
                        Console.WriteLine("virtio: " + location + " skipped: " + refusal);
                    continue;
                }
                transport.SetInterruptLine(found[i]);
                transports[count++] = transport;
            }
            return count;
        }
    }
}
