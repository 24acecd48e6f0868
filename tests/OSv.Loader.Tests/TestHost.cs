// The test's IHostSymbols: the "C library" the fixtures import from. host_multiply and
// host_record are C# [UnmanagedCallersOnly] callbacks; __tls_get_addr asks the current linker's
// TlsLayout for the calling thread's block (the thread pointer is a test-chosen value: hosted,
// %fs belongs to the .NET runtime's glibc, so the fixtures only use the GD TLS model). Tests in
// this assembly run one at a time, so the static recording state is not shared by two tests.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using OSv.Loader.Linking;

[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

namespace OSv.Loader.Tests
{
    public sealed unsafe class TestHost : IHostSymbols
    {
        public static DynamicLinker? Linker;
        public static ulong ThreadPointer;
        public static readonly List<int> Recorded = new();
        public static int MissingStubCalls;

        public readonly List<string> StubNames = new();
        public readonly Dictionary<string, nint> Extra = new();
        public readonly HashSet<string> ProvidedLibraries = new();

        public bool ProvidesLibrary(ReadOnlySpan<byte> soname) => ProvidedLibraries.Contains(Encoding.UTF8.GetString(soname));

        public nint Lookup(ReadOnlySpan<byte> name)
        {
            string text = Encoding.UTF8.GetString(name);
            return text switch
            {
                "host_multiply" => (nint)(delegate* unmanaged<int, int, int>)&HostMultiply,
                "host_record" => (nint)(delegate* unmanaged<int, void>)&HostRecord,
                "__tls_get_addr" => (nint)(delegate* unmanaged<ulong*, nint>)&TlsGetAddress,
                _ => Extra.TryGetValue(text, out nint address) ? address : 0,
            };
        }

        public nint MissingFunctionStub(ReadOnlySpan<byte> name)
        {
            StubNames.Add(Encoding.UTF8.GetString(name));
            return (nint)(delegate* unmanaged<void>)&MissingStub;
        }

        [UnmanagedCallersOnly]
        private static int HostMultiply(int a, int b) => a * b;

        [UnmanagedCallersOnly]
        private static void HostRecord(int value)
        {
            lock (Recorded)
                Recorded.Add(value);
        }

        [UnmanagedCallersOnly]
        private static void MissingStub() => MissingStubCalls++;

        // tls_index is { unsigned long module; unsigned long offset; } (x86-64 psABI 3.4.6 / Drepper 4.1.6).
        [UnmanagedCallersOnly]
        private static nint TlsGetAddress(ulong* index) => Linker!.Tls.GetAddress(ThreadPointer, index[0], index[1]);

        /// <summary>A linker over the fixture directory with a fresh host, registered for __tls_get_addr.</summary>
        public static (DynamicLinker Linker, TestHost Host, HostDirectoryObjectFiles Files) Create(string? directory = null)
        {
            var host = new TestHost();
            var files = new HostDirectoryObjectFiles(directory ?? Fixtures.Directory);
            var linker = new DynamicLinker(host, files);
            Linker = linker;
            lock (Recorded)
                Recorded.Clear();
            MissingStubCalls = 0;
            return (linker, host, files);
        }
    }
}
