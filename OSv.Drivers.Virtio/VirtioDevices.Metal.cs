// The virtio devices of this machine and the drivers bound to them. On first use the bus is
// probed once, on every transport (virtio-mmio from ACPI, then PCI through the host bridge),
// and each device is matched against the drivers this library has (network, entropy); the boot
// log says what was found and what it is bound to. The application then asks for the device it
// needs (Network, Entropy): started, with its interrupt connected. Devices no driver matches are
// listed and left alone.
using System;
using OSv.Drivers.Virtio.Core;
using OSv.Drivers.Virtio.Mmio;
using OSv.Drivers.Virtio.Net;
using OSv.Drivers.Virtio.Rng;
using OSv.Drivers.Virtio.Transport;

namespace OSv.Drivers.Virtio
{
    public static class VirtioDevices
    {
        public const int DevicesMax = 16;

        private static VirtioTransport[]? s_transports;
        private static int s_count;
        private static VirtioNetDevice? s_network;
        private static VirtioNetInterrupt? s_networkInterrupt;
        private static VirtioRngDevice? s_entropy;
        private static bool s_networkTried, s_entropyTried;

        // Found devices, in probe order.
        public static int Count
        {
            get
            {
                Probe();
                return s_count;
            }
        }

        // Kernel option that leaves VIRTIO_F_EVENT_IDX out of virtio-net's features (benchmarks
        // compare notifications and interrupts per frame with and without it).
        public const string NoEventIndexOption = "virtio.event_idx=off";

        // The first virtio-net device, started, its interrupt waking WaitForFrames; null when
        // there is none or it failed to start (the boot log says why).
        public static VirtioNetDevice? Network
        {
            get
            {
                if (s_networkTried)
                    return s_network;
                s_networkTried = true;
                VirtioTransport? transport = FindType(VirtioNetDevice.DeviceType);
                if (transport == null)
                    return null;
                bool eventIndex = !HasKernelOption(NoEventIndexOption);
                // The interrupt first: a PCI transport programs MSI-X queue vectors with the queues.
                s_networkInterrupt = new VirtioNetInterrupt();
                bool connected = transport.ConnectInterrupt(s_networkInterrupt);
                s_network = VirtioNetDevice.TryStart(transport, new PageDmaAllocator(), out string? error, eventIndex);
                if (s_network == null)
                {
                    Console.WriteLine("virtio-net: " + transport.Location + ": " + error);
                    return null;
                }
                s_networkInterrupt.Device = s_network;
                Console.WriteLine("virtio-net: " + transport.Location + " bound, mac " + s_network.Address.ToString()
                    + ", link " + (s_network.LinkUp ? "up" : "down") + ", " + InterruptKind(transport, connected));
                return s_network;
            }
        }

        // Interrupts the network device has taken (0 before Network is opened).
        public static long NetworkInterruptCount => s_networkInterrupt?.InterruptCount ?? 0;

        // The first virtio-rng device, started; null when there is none.
        public static VirtioRngDevice? Entropy
        {
            get
            {
                if (s_entropyTried)
                    return s_entropy;
                s_entropyTried = true;
                VirtioTransport? transport = FindType(VirtioRngDevice.DeviceType);
                if (transport == null)
                    return null;
                s_entropy = VirtioRngDevice.TryStart(transport, new PageDmaAllocator(), out string? error);
                Console.WriteLine("virtio-rng: " + transport.Location + (s_entropy == null ? ": " + error : " bound"));
                return s_entropy;
            }
        }

        private static string InterruptKind(VirtioTransport transport, bool connected) =>
            !connected ? "no interrupt (polling)" : transport is Pci.PciTransport { MsixEnabled: true } ? "msi-x" : "line interrupt";

        private static bool HasKernelOption(string option)
        {
            foreach (string word in OSv.Core.Machine.KernelOptions)
            {
                if (word == option)
                    return true;
            }
            return false;
        }

        private static VirtioTransport? FindType(uint deviceType)
        {
            Probe();
            for (int i = 0; i < s_count; i++)
            {
                if (s_transports![i].DeviceType == deviceType)
                    return s_transports[i];
            }
            return null;
        }

        private static void Probe()
        {
            if (s_transports != null)
                return;
            var transports = new VirtioTransport[DevicesMax];
            var mmio = new MmioTransport[DevicesMax];
            int count = MmioDiscovery.FindDevices(mmio);
            for (int i = 0; i < count; i++)
                transports[i] = mmio[i];
            count += Pci.PciVirtio.FindDevices(new Span<VirtioTransport>(transports, count, DevicesMax - count));
            for (int i = 0; i < count; i++)
                Console.WriteLine("virtio: " + TypeName(transports[i].DeviceType) + " at " + transports[i].Location);
            s_count = count;
            s_transports = transports;
        }

        private static string TypeName(uint deviceType) => deviceType switch
        {
            VirtioNetDevice.DeviceType => "network device",
            VirtioRngDevice.DeviceType => "entropy source",
            _ => "device type " + deviceType + " (no driver)",
        };
    }
}
