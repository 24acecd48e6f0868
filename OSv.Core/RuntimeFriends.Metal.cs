// The runtime layer (OSv.Runtime) reaches the kernel's internals (console, CPU instructions,
// panic) directly. The hosted build grants the same through the project file's InternalsVisibleTo
// item.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("OSv.Runtime")]
