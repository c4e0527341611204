// SLATE's batch-mode entry point for content builds (a profile whose `content` is asset-bundles or
// addressables). SLATE runs it like BuildCommand.Build, with -executeMethod
// Slate.Bridge.ContentBuildCommand.Build and -slateContent <asset-bundles|addressables>, and reads
// the same report JSON (ReportJson.cs) from -slateReportPath: kind, files (one per bundle, with
// its size on disk) and packedFiles (what each bundle holds, from Unity's BuildReport when the
// editor has one for AssetBundle builds), so bundle sizes are explained and diffed like a player's.
//
// Unity APIs used: BuildPipeline.BuildAssetBundles(string, BuildAssetBundleOptions, BuildTarget),
// AssetBundleManifest.GetAllAssetBundles(), AssetDatabase.GetAssetPathsFromAssetBundle(string),
// AssetDatabase.AssetPathToGUID(string), BuildReport.GetLatestReport() (2022.3+), and with the
// SLATE_ADDRESSABLES define (set by the asmdef's versionDefines when com.unity.addressables is
// installed) AddressableAssetSettingsDefaultObject.Settings,
// AddressableAssetSettings.BuildPlayerContent(out AddressablesPlayerBuildResult) and the result's
// Error, Duration and AssetBundleBuildResults (FilePath, SourceAssetGroup).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using UnityEditor;
using UnityEditor.Build.Reporting;
using UnityEngine;
#if SLATE_ADDRESSABLES
using UnityEditor.AddressableAssets;
using UnityEditor.AddressableAssets.Build;
using UnityEditor.AddressableAssets.Settings;
#endif

namespace Slate.Bridge
{
    public static class ContentBuildCommand
    {
        public static void Build()
        {
            var args = Environment.GetCommandLineArgs();
            var reportPath = Arg(args, "-slateReportPath");
            var content = Arg(args, "-slateContent") ?? "asset-bundles";
            var started = DateTime.UtcNow;
            if (string.IsNullOrEmpty(reportPath))
            {
                Debug.LogError("[Slate.Bridge] -slateReportPath is missing: SLATE always passes it.");
                EditorApplication.Exit(2);
                return;
            }
            try
            {
                bool ok;
                var json = content == "addressables" ? BuildAddressables(args, started, out ok) : BuildBundles(args, started, out ok);
                Write(reportPath, json);
                EditorApplication.Exit(ok ? 0 : 1);
            }
            catch (Exception e)
            {
                Debug.LogException(e);
                Write(reportPath, ReportJson.Failure(Arg(args, "-slateTarget") ?? "", Arg(args, "-slateOutputPath") ?? "", started, e, content));
                EditorApplication.Exit(1);
            }
        }

        static string BuildBundles(string[] args, DateTime started, out bool ok)
        {
            var target = (BuildTarget)Enum.Parse(typeof(BuildTarget), Require(args, "-slateTarget"));
            var output = Require(args, "-slateOutputPath");
            Directory.CreateDirectory(output);
            var slateOptions = Arg(args, "-slateOptions") ?? "";
            var options = BuildAssetBundleOptions.None;
            // SLATE's compression setting: LZ4 (either flavour) is chunk-based; none is uncompressed; the
            // default (LZMA) otherwise, as Unity's own default for bundles.
            if (slateOptions.Contains("CompressWithLz4")) options |= BuildAssetBundleOptions.ChunkBasedCompression;
            Debug.Log("[Slate.Bridge] Building AssetBundles for " + target + " to " + output);
            var manifest = BuildPipeline.BuildAssetBundles(output, options, target);
            if (manifest == null) throw new InvalidOperationException("BuildPipeline.BuildAssetBundles returned no manifest: see the errors above.");
            var files = new List<ReportJson.OutputFile>();
            foreach (var bundle in manifest.GetAllAssetBundles())
            {
                var file = Path.Combine(output, bundle);
                files.Add(new ReportJson.OutputFile { path = file.Replace('\\', '/'), role = "AssetBundle", size = File.Exists(file) ? new FileInfo(file).Length : 0 });
            }
            ok = true;
            BuildReport report = null;
#if UNITY_2022_3_OR_NEWER
            report = BuildReport.GetLatestReport();
#endif
            if (report != null) return ReportJson.From(report, "asset-bundles", files.ToArray());
            return ContentJson.Without(target.ToString(), output, started, "asset-bundles", files, BundleContents(manifest.GetAllAssetBundles(), output));
        }

        /// <summary>Without a BuildReport: each bundle's assigned assets (sizes unknown, 0), so contents are still listed.</summary>
        static List<ReportJson.PackedFile> BundleContents(string[] bundles, string output)
        {
            var result = new List<ReportJson.PackedFile>();
            foreach (var bundle in bundles)
            {
                var contents = AssetDatabase.GetAssetPathsFromAssetBundle(bundle)
                    .Select(p => new ReportJson.PackedEntry { guid = AssetDatabase.AssetPathToGUID(p), path = p, type = "", size = 0, objects = 0 })
                    .ToArray();
                result.Add(new ReportJson.PackedFile { file = Path.Combine(output, bundle).Replace('\\', '/'), contents = contents });
            }
            return result;
        }

        static string BuildAddressables(string[] args, DateTime started, out bool ok)
        {
#if SLATE_ADDRESSABLES
            var settings = AddressableAssetSettingsDefaultObject.Settings;
            if (settings == null) throw new InvalidOperationException("This project has no Addressables settings (Window > Asset Management > Addressables > Groups creates them).");
            AddressablesPlayerBuildResult result;
            AddressableAssetSettings.BuildPlayerContent(out result);
            if (!string.IsNullOrEmpty(result.Error)) throw new InvalidOperationException("Addressables content build failed: " + result.Error);
            var files = new List<ReportJson.OutputFile>();
            var contents = new List<ReportJson.PackedFile>();
            foreach (var b in result.AssetBundleBuildResults)
            {
                var group = b.SourceAssetGroup;
                files.Add(new ReportJson.OutputFile { path = b.FilePath.Replace('\\', '/'), role = "Addressables bundle" + (group != null ? " (" + group.Name + ")" : ""), size = File.Exists(b.FilePath) ? new FileInfo(b.FilePath).Length : 0 });
                var entries = group != null ? group.entries.Select(e => new ReportJson.PackedEntry { guid = e.guid, path = e.AssetPath, type = "", size = 0, objects = 0 }).ToArray() : new ReportJson.PackedEntry[0];
                contents.Add(new ReportJson.PackedFile { file = b.FilePath.Replace('\\', '/'), contents = entries });
            }
            ok = true;
            return ContentJson.Without(Arg(args, "-slateTarget") ?? "", Arg(args, "-slateOutputPath") ?? "", started, "addressables", files, contents);
#else
            throw new InvalidOperationException("Addressables content builds need the com.unity.addressables package in this project (the bridge compiles that part when the package is present).");
#endif
        }

        static string Arg(string[] args, string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        static string Require(string[] args, string name)
        {
            var v = Arg(args, name);
            if (string.IsNullOrEmpty(v)) throw new ArgumentException(name + " is missing");
            return v;
        }

        static void Write(string path, string json)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            // Write then rename: SLATE must never read half a report.
            var tmp = path + ".tmp";
            File.WriteAllText(tmp, json);
            if (File.Exists(path)) File.Delete(path);
            File.Move(tmp, path);
        }
    }

    /// <summary>The report JSON of a content build Unity gave no BuildReport for: same fields as ReportJson.</summary>
    static class ContentJson
    {
        [Serializable]
        class Report
        {
            public string result;
            public string platform;
            public string outputPath;
            public long totalTimeMs;
            public long totalSize;
            public string buildStartedAt;
            public string buildEndedAt;
            public string kind;
            public ReportJson.OutputFile[] files;
            public ReportJson.PackedFile[] packedFiles;
        }

        public static string Without(string platform, string output, DateTime startedUtc, string kind, List<ReportJson.OutputFile> files, List<ReportJson.PackedFile> contents)
        {
            var now = DateTime.UtcNow;
            var r = new Report
            {
                result = "Succeeded",
                platform = platform,
                outputPath = output,
                totalTimeMs = (long)(now - startedUtc).TotalMilliseconds,
                totalSize = files.Sum(f => f.size),
                buildStartedAt = startedUtc.ToString("o"),
                buildEndedAt = now.ToString("o"),
                kind = kind,
                files = files.ToArray(),
                packedFiles = contents.ToArray(),
            };
            return JsonUtility.ToJson(r, true);
        }
    }
}
