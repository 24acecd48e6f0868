// Images on the real System.Private.CoreLib (issue 4): the runtime layer (OSv.Runtime.Native)
// reaches the kernel's internals (console, CPU instructions, panic) directly. The hosted build
// grants the same through the project file's InternalsVisibleTo item.
#if OSV_REAL_CORELIB
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("OSv.Runtime.Native")]
#endif
