using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace OSv.Sdk
{
    // MSBuild task: packs the app's <OsvFile> items into the image's file archive (format:
    // OSv.Core/Files/ImageArchive.cs). An item's place in the image is its ImagePath metadata;
    // without one, ImageDirectory (default "/") + the wildcard's RecursiveDir + the file name,
    // so `<OsvFile Include="lib/**" ImageDirectory="/lib" />` ships a folder tree. Missing files,
    // bad or duplicate image paths fail the build naming the item. The archive is rewritten only
    // when its bytes change, so an unchanged file list relinks nothing.
    public sealed class WriteImageArchive : Microsoft.Build.Utilities.Task
    {
        public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

        [Required]
        public string Output { get; set; } = "";

        public override bool Execute()
        {
            var files = new List<ImageArchiveFile>();
            foreach (ITaskItem item in Files)
            {
                string hostPath = item.GetMetadata("FullPath");
                if (!File.Exists(hostPath))
                {
                    Log.LogError($"OSv: the file '{item.ItemSpec}' listed as an OsvFile does not exist ({hostPath}).");
                    continue;
                }
                files.Add(new ImageArchiveFile(ImagePathOf(item), File.ReadAllBytes(hostPath)));
            }
            if (Log.HasLoggedErrors)
                return false;
            try
            {
                byte[] archive = ImageArchiveWriter.Build(files);
                WriteIfChanged(archive);
                Log.LogMessage(MessageImportance.Low, $"OSv: {files.Count} files, {archive.Length} bytes in {Output}");
                return true;
            }
            catch (InvalidDataException e)
            {
                Log.LogError($"OSv: cannot pack the image's files: {e.Message}");
                return false;
            }
        }

        public static string ImagePathOf(ITaskItem item)
        {
            string explicitPath = item.GetMetadata("ImagePath");
            if (explicitPath.Length != 0)
                return explicitPath;
            string directory = item.GetMetadata("ImageDirectory");
            if (directory.Length == 0)
                directory = "/";
            string relative = item.GetMetadata("RecursiveDir").Replace('\\', '/') + item.GetMetadata("Filename") + item.GetMetadata("Extension");
            return directory.TrimEnd('/') + "/" + relative;
        }

        private void WriteIfChanged(byte[] archive)
        {
            if (File.Exists(Output) && new FileInfo(Output).Length == archive.Length && File.ReadAllBytes(Output).AsSpan().SequenceEqual(archive))
                return;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Output))!);
            File.WriteAllBytes(Output, archive);
        }
    }
}
