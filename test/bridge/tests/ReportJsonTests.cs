// The report JSON's build-size fields (ReportJson.cs), as src-main/builds/report/bridge-json-report.ts
// reads them: files from the report, and each PackedAssets' objects summed per source asset and
// type under the full path of its file (matched by the short path).
using System;
using System.Collections.Generic;
using UnityEditor;
using UnityEditor.Build.Reporting;
using UnityEngine;
using Texture2D = Slate.Bridge.Tests.Texture2D;
using Sprite = Slate.Bridge.Tests.Sprite;

namespace Slate.Bridge.Tests
{
    // Stand-ins for Unity's classes: the JSON carries a type's Name.
    public sealed class Texture2D { }
    public sealed class Sprite { }

    public static class ReportJsonTests
    {
        [Serializable] public class Entry { public string guid; public string path; public string type; public long size; public int objects; }
        [Serializable] public class PackedFile { public string file; public Entry[] contents; }
        [Serializable] public class OutFile { public string path; public string role; public long size; }
        [Serializable] public class Report { public string kind; public string buildGuid; public OutFile[] files; public PackedFile[] packedFiles; }

        static PackedAssetInfo Info(string guid, string path, Type type, ulong size)
        {
            return new PackedAssetInfo { sourceAssetGUID = new GUID(guid), sourceAssetPath = path, packedSize = size, type = type };
        }

        [Test]
        public static void WritesFilesAndPackedObjectsPerFile()
        {
            const string tex = "8fbc1d2a1c0a4fe4ca0dcac8bfed5568";
            var files = new[]
            {
                new BuildFile { id = 1, path = "C:/p/Temp/StagingArea/Data/sharedassets0.assets", role = "SharedAssets", size = 4744 },
                new BuildFile { id = 2, path = "C:/p/Temp/StagingArea/Data/sharedassets0.assets.resS", role = "StreamingResourceFile", size = 151876 },
            };
            var report = new BuildReport
            {
                summary = new BuildSummary { platform = BuildTarget.Android, outputPath = "C:/p/kek.apk", result = BuildResult.Succeeded, totalSize = 156620, guid = new GUID("7caa7e51409ac62498a5d8bc5ef315a3") },
                steps = new BuildStep[0],
                packedAssets = new[]
                {
                    new PackedAssets { shortPath = "sharedassets0.assets", contents = new[] { Info(tex, "Assets/Sprites/red.png", typeof(Texture2D), 136), Info(tex, "Assets/Sprites/red.png", typeof(Sprite), 456), Info(tex, "Assets/Sprites/red.png", typeof(Sprite), 44) } },
                    new PackedAssets { shortPath = "sharedassets0.assets.resS", contents = new[] { Info(tex, "Assets/Sprites/red.png", typeof(Texture2D), 151875) } },
                },
            };
#if UNITY_2022_1_OR_NEWER
            report.StandInSetFiles(files);
#else
            report.files = files;
#endif
            var r = JsonUtility.FromJson<Report>(ReportJson.From(report));
            Assert.Equal("player", r.kind, "kind");
            Assert.Equal("7caa7e51409ac62498a5d8bc5ef315a3", r.buildGuid, "buildGuid");
            Assert.Equal(2, r.files.Length, "files");
            Assert.Equal(151876L, r.files[1].size, "resS size");
            Assert.Equal(2, r.packedFiles.Length, "one packed file per PackedAssets");
            Assert.Equal(files[0].path, r.packedFiles[0].file, "full path found from the short path");
            var sums = new Dictionary<string, Entry>();
            foreach (var e in r.packedFiles[0].contents) sums[e.type] = e;
            Assert.Equal(2, sums.Count, "summed per type");
            Assert.Equal(500L, sums["Sprite"].size, "two Sprite objects summed");
            Assert.Equal(2, sums["Sprite"].objects, "their count");
            Assert.Equal(151875L, r.packedFiles[1].contents[0].size, "texture data in the .resS");
        }
    }
}
