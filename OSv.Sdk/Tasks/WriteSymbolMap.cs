using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace OSv.Sdk
{
    // MSBuild task: reads the symbols of a linked image and writes its .osv_symbols blob.
    public sealed class WriteSymbolMap : Microsoft.Build.Utilities.Task
    {
        [Required]
        public string Image { get; set; } = "";

        [Required]
        public string Output { get; set; } = "";

        public override bool Execute()
        {
            try
            {
                byte[] blob = SymbolMapWriter.Build(ElfSymbols.Read(Image));
                File.WriteAllBytes(Output, blob);
                Log.LogMessage(MessageImportance.Low, $"OSv: {blob.Length} bytes of symbols from {Image}");
                return true;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Log.LogError($"OSv: cannot build the symbol map of '{Image}': {e.Message}");
                return false;
            }
        }
    }
}
