// Builds AML byte strings (ACPI 6.5, chapter 20) for crafted DSDTs, written from the grammar:
// package lengths, names, integers, strings, buffers, and the resource descriptors of a host
// bridge's _CRS (6.4.3.5). Tests combine these into tables, then break them on purpose.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace OSv.Drivers.Virtio.Tests.Pci
{
    internal static class Aml
    {
        public static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

        // PkgLength for `content` bytes that follow it: the encoded length counts itself.
        public static byte[] PackageLength(int contentBytes)
        {
            for (int following = 0; following <= 3; following++)
            {
                int total = contentBytes + 1 + following;
                if (following == 0 && total <= 0x3F)
                    return new[] { (byte)total };
                if (following > 0 && total < 1 << (4 + 8 * following))
                {
                    var bytes = new byte[1 + following];
                    bytes[0] = (byte)((following << 6) | (total & 0x0F));
                    for (int i = 1; i <= following; i++)
                        bytes[i] = (byte)(total >> (4 + 8 * (i - 1)));
                    return bytes;
                }
            }
            throw new ArgumentOutOfRangeException(nameof(contentBytes));
        }

        public static byte[] Packaged(byte[] opcode, byte[] content) => Cat(opcode, PackageLength(content.Length), content);

        public static byte[] NameSeg(string name) => Encoding.ASCII.GetBytes(name.PadRight(4, '_'));

        public static byte[] Scope(string path, params byte[][] terms) => Packaged(new byte[] { 0x10 }, Cat(Path(path), Cat(terms)));

        public static byte[] Device(string name, params byte[][] terms) => Packaged(new byte[] { 0x5B, 0x82 }, Cat(NameSeg(name), Cat(terms)));

        public static byte[] Name(string name, byte[] value) => Cat(new byte[] { 0x08 }, NameSeg(name), value);

        public static byte[] Method(string name, byte flags, params byte[][] body) => Packaged(new byte[] { 0x14 }, Cat(NameSeg(name), new[] { flags }, Cat(body)));

        public static byte[] Return(byte[] value) => Cat(new byte[] { 0xA4 }, value);

        public static byte[] OperationRegion(string name, byte space, ulong offset, ulong length) =>
            Cat(new byte[] { 0x5B, 0x80 }, NameSeg(name), new[] { space }, Integer(offset), Integer(length));

        public static byte[] Field(string region, params byte[] rest) => Packaged(new byte[] { 0x5B, 0x81 }, Cat(NameSeg(region), rest));

        // "\_SB_" style paths: a root prefix and one segment, or a dual name path.
        public static byte[] Path(string path)
        {
            if (path == "\\")
                return new byte[] { 0x5C, 0x00 };
            string[] parts = path.TrimStart('\\').Split('.');
            byte[] prefix = path.StartsWith('\\') ? new byte[] { 0x5C } : Array.Empty<byte>();
            if (parts.Length == 1)
                return Cat(prefix, NameSeg(parts[0]));
            if (parts.Length == 2)
                return Cat(prefix, new byte[] { 0x2E }, NameSeg(parts[0]), NameSeg(parts[1]));
            return Cat(prefix, new byte[] { 0x2F, (byte)parts.Length }, Cat(parts.Select(NameSeg).ToArray()));
        }

        public static byte[] Integer(ulong value)
        {
            if (value == 0) return new byte[] { 0x00 };
            if (value == 1) return new byte[] { 0x01 };
            if (value <= 0xFF) return new byte[] { 0x0A, (byte)value };
            if (value <= 0xFFFF) return Cat(new byte[] { 0x0B }, BitConverter.GetBytes((ushort)value));
            if (value <= 0xFFFF_FFFF) return Cat(new byte[] { 0x0C }, BitConverter.GetBytes((uint)value));
            return Cat(new byte[] { 0x0E }, BitConverter.GetBytes(value));
        }

        public static byte[] String(string text) => Cat(new byte[] { 0x0D }, Encoding.ASCII.GetBytes(text), new byte[] { 0 });

        public static byte[] Buffer(byte[] data) => Packaged(new byte[] { 0x11 }, Cat(Integer((ulong)data.Length), data));

        // EISA id compression (6.1.5): three letters in 5 bits each, then four hex digits.
        public static byte[] EisaId(string id)
        {
            int letters = ((id[0] - 0x40) << 10) | ((id[1] - 0x40) << 5) | (id[2] - 0x40);
            int product = Convert.ToInt32(id.Substring(3), 16);
            uint value = (uint)((letters >> 8) | ((letters & 0xFF) << 8) | ((product >> 8) << 16) | ((product & 0xFF) << 24));
            return Cat(new byte[] { 0x0C }, BitConverter.GetBytes(value));
        }

        // Resource descriptors (6.4.3.5.1-3): Word/DWord/QWord address space, and the end tag.
        public static byte[] WordBusNumber(ushort min, ushort max) =>
            AddressSpace(0x88, 2, 2, min, max, 0, (ulong)(max - min + 1));

        public static byte[] DWordMemory(uint min, uint max, uint translation = 0, ulong? length = null) =>
            AddressSpace(0x87, 4, 0, min, max, translation, length ?? (ulong)max - min + 1);

        public static byte[] QWordMemory(ulong min, ulong max, ulong translation = 0) =>
            AddressSpace(0x8A, 8, 0, min, max, translation, max - min + 1);

        public static byte[] DWordIo(uint min, uint max) => AddressSpace(0x87, 4, 1, min, max, 0, (ulong)max - min + 1);

        public static byte[] EndTag => new byte[] { 0x79, 0x00 };

        private static byte[] AddressSpace(byte tag, int width, byte resourceType, ulong min, ulong max, ulong translation, ulong length)
        {
            var body = new List<byte> { resourceType, 0x0C, 0x00 };
            foreach (ulong field in new[] { 0UL, min, max, translation, length })
                body.AddRange(BitConverter.GetBytes(field).Take(width));
            return Cat(new[] { tag }, BitConverter.GetBytes((ushort)body.Count), body.ToArray());
        }

        // A DSDT whose _SB_ scope holds these terms.
        public static byte[] Dsdt(params byte[][] terms) => AcpiTables.Table("DSDT", Scope("\\_SB_", terms));

        // The host bridge as QEMU's microvm writes it (_HID string, _CBA method, _CRS buffer).
        public static byte[] HostBridge(string name, ulong ecam, byte[] resources, params byte[][] extra) =>
            Device(name, Cat(
                Name("_HID", String("PNP0A08")),
                Name("_CID", String("PNP0A03")),
                Name("_SEG", Integer(0)),
                Name("_BBN", Integer(0)),
                Method("_CBA", 0, Return(Integer(ecam))),
                Name("_CRS", Buffer(resources)),
                Cat(extra)));
    }
}
