// Where this project's simulation seeds start (tests/Shared/SimulationRandom.cs).
namespace OSv.Testing
{
    internal static class SimulationSeedBase
    {
        public const ulong Default = 0x0C0C_0000;
    }
}
