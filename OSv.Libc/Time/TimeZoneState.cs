// Time zones: there are none. Local time is UTC everywhere in this C library (localtime is
// gmtime, mktime is timegm), TZ is ignored and tzset does nothing: an image has no zone
// database, and a hosted test compares against the host run with TZ=UTC. What glibc publishes
// about the zone is published with UTC values: `tzname` = {"GMT", "GMT"} (what glibc reports
// for UTC without a zone file), `timezone` = 0 (seconds west of UTC), `daylight` = 0.
//
// Those three are C data objects: cells in unmanaged memory whose addresses the export table
// gives to loaded programs, allocated once by Initialize (from TimeExports.Register).
namespace OSv.Libc.Time
{
    using System;

    public static unsafe class TimeZoneState
    {
        public const int ZoneNameLengthMax = 255; // a tm_zone string longer than this is cut

        public static ReadOnlySpan<byte> StandardName => "GMT\0"u8;

        /// <summary>The `tzname` cell: char*[2].</summary>
        public static byte** ZoneNames { get; private set; }

        /// <summary>The `timezone` cell: long, seconds west of UTC.</summary>
        public static long* SecondsWestOfUtc { get; private set; }

        /// <summary>The `daylight` cell: int, nonzero when the zone has daylight saving.</summary>
        public static int* HasDaylightSaving { get; private set; }

        /// <summary>The NUL-terminated "GMT" that tm_zone points at.</summary>
        public static byte* StandardNamePointer
        {
            get
            {
                fixed (byte* name = StandardName)
                    return name; // literal data: never moves
            }
        }

        public static void Initialize()
        {
            if (ZoneNames != null)
                return;
            byte** names = (byte**)OSv.Libc.Memory.CellMemory.AllocateZeroed((nuint)(2 * sizeof(byte*)));
            names[0] = StandardNamePointer;
            names[1] = StandardNamePointer;
            SecondsWestOfUtc = (long*)OSv.Libc.Memory.CellMemory.AllocateZeroed(sizeof(long));
            HasDaylightSaving = (int*)OSv.Libc.Memory.CellMemory.AllocateZeroed(sizeof(int));
            ZoneNames = names;
        }
    }
}
