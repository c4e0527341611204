// The JSON SLATE reads from -slateReportPath. Field names are the contract with SLATE
// (src-shared/types-builds.ts, BridgeBuildReport): result, platform, outputPath, totalTimeMs,
// totalSize, totalErrors, totalWarnings, buildStartedAt, buildEndedAt,
// steps[{name, depth, durationMs, messages[{type, content}]}],
// packedAssets[{sourceAssetGUID, sourceAssetPath, packedSize, type}] (one per source asset, biggest first),
// and for build sizes (src-main/builds/report/bridge-json-report.ts): kind (player | asset-bundles |
// addressables), buildGuid, files[{path, role, size}] (BuildReport.GetFiles), packedFiles[{file,
// contents[{guid, path, type, size, objects}]}] (each PackedAssets, summed per source asset and type).
using System;
using System.Collections.Generic;
using System.Linq;
using UnityEditor.Build.Reporting;
using UnityEngine;

namespace Slate.Bridge
{
    public static class ReportJson
    {
        [Serializable] class Message { public string type; public string content; }
        [Serializable] class Step { public string name; public int depth; public long durationMs; public Message[] messages; }
        [Serializable] class Packed { public string sourceAssetGUID; public string sourceAssetPath; public long packedSize; public string type; }
        [Serializable] public class OutputFile { public string path; public string role; public long size; }
        [Serializable] public class PackedEntry { public string guid; public string path; public string type; public long size; public int objects; }
        [Serializable] public class PackedFile { public string file; public PackedEntry[] contents; }
        [Serializable]
        class Report
        {
            public string result;
            public string platform;
            public string outputPath;
            public long totalTimeMs;
            public long totalSize;
            public int totalErrors;
            public int totalWarnings;
            public string buildStartedAt;
            public string buildEndedAt;
            public Step[] steps;
            public Packed[] packedAssets;
            public string kind;
            public string buildGuid;
            public OutputFile[] files;
            public PackedFile[] packedFiles;
        }

        public static string From(BuildReport report)
        {
            return From(report, "player", null);
        }

        /// <summary>The report of a player or content build; extraFiles replace the report's files when given (content builds without a report's file list).</summary>
        public static string From(BuildReport report, string kind, OutputFile[] extraFiles)
        {
            var s = report.summary;
            var packed = new Dictionary<string, Packed>();
            foreach (var file in report.packedAssets ?? new PackedAssets[0])
            {
                foreach (var info in file.contents)
                {
                    var guid = info.sourceAssetGUID.ToString();
                    Packed p;
                    if (!packed.TryGetValue(guid, out p))
                    {
                        p = new Packed { sourceAssetGUID = guid, sourceAssetPath = info.sourceAssetPath, type = info.type != null ? info.type.Name : "" };
                        packed[guid] = p;
                    }
                    p.packedSize += (long)info.packedSize;
                }
            }
            var r = new Report
            {
                result = s.result.ToString(),
                platform = s.platform.ToString(),
                outputPath = s.outputPath,
                totalTimeMs = (long)s.totalTime.TotalMilliseconds,
                totalSize = (long)s.totalSize,
                totalErrors = s.totalErrors,
                totalWarnings = s.totalWarnings,
                buildStartedAt = s.buildStartedAt.ToUniversalTime().ToString("o"),
                buildEndedAt = s.buildEndedAt.ToUniversalTime().ToString("o"),
                steps = report.steps.Select(st => new Step
                {
                    name = st.name,
                    depth = st.depth,
                    durationMs = (long)st.duration.TotalMilliseconds,
                    messages = st.messages.Select(m => new Message { type = m.type.ToString(), content = m.content }).ToArray(),
                }).ToArray(),
                packedAssets = packed.Values.OrderByDescending(p => p.packedSize).ToArray(),
                kind = kind,
                buildGuid = s.guid.ToString(),
            };
            r.files = extraFiles ?? FilesOf(report);
            r.packedFiles = PackedFilesOf(report, r.files);
            return JsonUtility.ToJson(r, true);
        }

        static OutputFile[] FilesOf(BuildReport report)
        {
#if UNITY_2022_1_OR_NEWER
            var files = report.GetFiles();
#else
            var files = report.files;
#endif
            return (files ?? new BuildFile[0]).Select(f => new OutputFile { path = f.path, role = f.role, size = (long)f.size }).ToArray();
        }

        /// <summary>Each PackedAssets (one output file), its objects summed per source asset and type.</summary>
        static PackedFile[] PackedFilesOf(BuildReport report, OutputFile[] files)
        {
            var result = new List<PackedFile>();
            foreach (var pa in report.packedAssets ?? new PackedAssets[0])
            {
                // PackedAssets names its file by the short path; the files list has the full one.
                var shortPath = pa.shortPath ?? "";
                var full = files.FirstOrDefault(f => f.path != null && (f.path == shortPath || f.path.EndsWith("/" + shortPath) || f.path.EndsWith("\\" + shortPath)));
                var sums = new Dictionary<string, PackedEntry>();
                foreach (var info in pa.contents)
                {
                    var typeName = info.type != null ? info.type.Name : "";
                    var key = info.sourceAssetGUID.ToString() + "|" + info.sourceAssetPath + "|" + typeName;
                    PackedEntry e;
                    if (!sums.TryGetValue(key, out e))
                    {
                        e = new PackedEntry { guid = info.sourceAssetGUID.ToString(), path = info.sourceAssetPath, type = typeName };
                        sums[key] = e;
                    }
                    e.size += (long)info.packedSize;
                    e.objects++;
                }
                result.Add(new PackedFile { file = full != null ? full.path : shortPath, contents = sums.Values.ToArray() });
            }
            return result.ToArray();
        }

        public static string Failure(string platform, string outputPath, DateTime startedUtc, Exception e)
        {
            return Failure(platform, outputPath, startedUtc, e, "player");
        }

        public static string Failure(string platform, string outputPath, DateTime startedUtc, Exception e, string kind)
        {
            var now = DateTime.UtcNow;
            var r = new Report
            {
                result = "Failed",
                platform = platform,
                outputPath = outputPath,
                totalTimeMs = (long)(now - startedUtc).TotalMilliseconds,
                totalErrors = 1,
                buildStartedAt = startedUtc.ToString("o"),
                buildEndedAt = now.ToString("o"),
                steps = new[] { new Step { name = "Slate.Bridge setup", depth = 0, messages = new[] { new Message { type = "Exception", content = e.GetType().Name + ": " + e.Message } } } },
                packedAssets = new Packed[0],
                kind = kind,
                files = new OutputFile[0],
                packedFiles = new PackedFile[0],
            };
            return JsonUtility.ToJson(r, true);
        }
    }
}
