// The JSON SLATE reads from -slateReportPath. Field names are the contract with SLATE
// (src-shared/types-builds.ts, BridgeBuildReport): result, platform, outputPath, totalTimeMs,
// totalSize, totalErrors, totalWarnings, buildStartedAt, buildEndedAt,
// steps[{name, depth, durationMs, messages[{type, content}]}],
// packedAssets[{sourceAssetGUID, sourceAssetPath, packedSize, type}] (one per source asset, biggest first).
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
        }

        public static string From(BuildReport report)
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
            };
            return JsonUtility.ToJson(r, true);
        }

        public static string Failure(string platform, string outputPath, DateTime startedUtc, Exception e)
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
            };
            return JsonUtility.ToJson(r, true);
        }
    }
}
