// SLATE's batch-mode build entry point. SLATE runs:
//   Unity -batchmode -quit -nographics -projectPath <p> -buildTarget <t>
//         -executeMethod Slate.Bridge.BuildCommand.Build -logFile - -slateReportPath <file>
//         -slateTarget <BuildTarget> -slateBuildType <type> -slateOutputPath <path>
//         -slateScenes <a.unity;b.unity> -slateBackend <Mono|IL2CPP>
//         -slateOptions <Development,AllowDebugging,...|None> [-slateDefines <A;B>]
//         [-activeBuildProfile <asset>]   (Unity 6)
//         [-slatePlatform <json>]   Android {format, minSdk, targetSdk, architectures, keystore},
//                                   WebGL {template, compression}, iOS {teamId, signing, ...};
//                                   keystore passwords arrive as environment variable NAMES
// It builds the player and writes the BuildReport as JSON to -slateReportPath, then exits 0 only
// when the build succeeded. SLATE decides success from that file and the exit code, never from
// the log, so this method writes a report for every outcome it can observe, failures included.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using UnityEditor;
using UnityEditor.Build.Reporting;
using UnityEngine;

namespace Slate.Bridge
{
    public static class BuildCommand
    {
        public static void Build()
        {
            var args = new Args(Environment.GetCommandLineArgs());
            var reportPath = args.Get("-slateReportPath");
            var started = DateTime.UtcNow;
            if (string.IsNullOrEmpty(reportPath))
            {
                Debug.LogError("[Slate.Bridge] -slateReportPath is missing: SLATE always passes it.");
                EditorApplication.Exit(2);
                return;
            }
            try
            {
                var report = RunBuild(args);
                var json = ReportJson.From(report);
                Write(reportPath, json);
                EditorApplication.Exit(report.summary.result == BuildResult.Succeeded ? 0 : 1);
            }
            catch (Exception e)
            {
                // Setting up the build failed before Unity produced a report: say so in one.
                Debug.LogException(e);
                Write(reportPath, ReportJson.Failure(args.Get("-slateTarget") ?? "", args.Get("-slateOutputPath") ?? "", started, e));
                EditorApplication.Exit(1);
            }
        }

        static BuildReport RunBuild(Args args)
        {
            var target = (BuildTarget)Enum.Parse(typeof(BuildTarget), Require(args, "-slateTarget"));
            var group = BuildPipeline.GetBuildTargetGroup(target);
            var output = Require(args, "-slateOutputPath");
            var scenes = (args.Get("-slateScenes") ?? "").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries);
            if (scenes.Length == 0) throw new ArgumentException("No scenes to build (-slateScenes is empty).");

            var backend = args.Get("-slateBackend") == "IL2CPP" ? ScriptingImplementation.IL2CPP : ScriptingImplementation.Mono2x;
            var defines = args.Get("-slateDefines");
#if UNITY_2021_2_OR_NEWER
            var named = UnityEditor.Build.NamedBuildTarget.FromBuildTargetGroup(group);
            PlayerSettings.SetScriptingBackend(named, backend);
            if (!string.IsNullOrEmpty(defines))
                PlayerSettings.SetScriptingDefineSymbols(named, Merge(PlayerSettings.GetScriptingDefineSymbols(named), defines));
#else
            PlayerSettings.SetScriptingBackend(group, backend);
            if (!string.IsNullOrEmpty(defines))
                PlayerSettings.SetScriptingDefineSymbolsForGroup(group, Merge(PlayerSettings.GetScriptingDefineSymbolsForGroup(group), defines));
#endif
            ApplyPlatform(target, args.Get("-slatePlatform"));
            var options = BuildOptions.None;
            foreach (var name in (args.Get("-slateOptions") ?? "None").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (name == "None") continue;
                options |= (BuildOptions)Enum.Parse(typeof(BuildOptions), name);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output)) ?? ".");
            var playerOptions = new BuildPlayerOptions
            {
                scenes = scenes,
                locationPathName = output,
                target = target,
                targetGroup = group,
                options = options,
            };
            Debug.Log("[Slate.Bridge] Building " + target + " (" + args.Get("-slateBuildType") + ") to " + output);
#if UNITY_6000_0_OR_NEWER
            // With -activeBuildProfile, Unity has activated a build profile asset before calling us:
            // build with it, so its platform settings and scene list apply (SLATE's options still do).
            var active = UnityEditor.Build.Profile.BuildProfile.GetActiveBuildProfile();
            if (active != null && !string.IsNullOrEmpty(args.Get("-activeBuildProfile")))
            {
                return BuildPipeline.BuildPlayer(new BuildPlayerWithProfileOptions
                {
                    buildProfile = active,
                    locationPathName = output,
                    options = options,
                });
            }
#endif
            return BuildPipeline.BuildPlayer(playerOptions);
        }

        [Serializable] sealed class Keystore { public string path; public string alias; public string passwordEnv; public string aliasPasswordEnv; }

        [Serializable]
        sealed class Platform
        {
            public string format; public int minSdk; public int targetSdk; public string[] architectures; public Keystore keystore;
            public string template; public string compression;
            public string teamId; public string signing; public string provisioningProfileId;
        }

        static void ApplyPlatform(BuildTarget target, string json)
        {
            if (string.IsNullOrEmpty(json)) return;
            var p = JsonUtility.FromJson<Platform>(json);
            if (target == BuildTarget.Android)
            {
                if (!string.IsNullOrEmpty(p.format)) EditorUserBuildSettings.buildAppBundle = p.format == "aab";
                if (p.minSdk > 0) PlayerSettings.Android.minSdkVersion = (AndroidSdkVersions)p.minSdk;
                if (p.targetSdk > 0) PlayerSettings.Android.targetSdkVersion = (AndroidSdkVersions)p.targetSdk;
                if (p.architectures != null && p.architectures.Length > 0)
                {
                    var arch = (AndroidArchitecture)0;
                    foreach (var a in p.architectures) arch |= (AndroidArchitecture)Enum.Parse(typeof(AndroidArchitecture), a);
                    PlayerSettings.Android.targetArchitectures = arch;
                }
                if (p.keystore != null && !string.IsNullOrEmpty(p.keystore.path))
                {
                    PlayerSettings.Android.useCustomKeystore = true;
                    PlayerSettings.Android.keystoreName = p.keystore.path;
                    PlayerSettings.Android.keyaliasName = p.keystore.alias;
                    PlayerSettings.Android.keystorePass = Secret(p.keystore.passwordEnv);
                    PlayerSettings.Android.keyaliasPass = Secret(p.keystore.aliasPasswordEnv);
                }
            }
            else if (target == BuildTarget.WebGL)
            {
                if (!string.IsNullOrEmpty(p.template)) PlayerSettings.WebGL.template = p.template;
                if (!string.IsNullOrEmpty(p.compression))
                    PlayerSettings.WebGL.compressionFormat = (WebGLCompressionFormat)Enum.Parse(typeof(WebGLCompressionFormat), p.compression, true);
            }
            else if (target == BuildTarget.iOS)
            {
                if (!string.IsNullOrEmpty(p.teamId)) PlayerSettings.iOS.appleDeveloperTeamID = p.teamId;
                if (!string.IsNullOrEmpty(p.signing)) PlayerSettings.iOS.appleEnableAutomaticSigning = p.signing == "automatic";
                if (!string.IsNullOrEmpty(p.provisioningProfileId)) PlayerSettings.iOS.iOSManualProvisioningProfileID = p.provisioningProfileId;
            }
        }

        // The profile names the variable; the password is only ever in this machine's environment.
        static string Secret(string name)
        {
            var v = string.IsNullOrEmpty(name) ? null : Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(v)) throw new ArgumentException("The keystore password variable " + name + " is not set where Unity runs.");
            return v;
        }

        static string Merge(string existing, string extra)
        {
            var all = (existing ?? "").Split(';').Concat(extra.Split(';')).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct();
            return string.Join(";", all.ToArray());
        }

        static string Require(Args args, string name)
        {
            var v = args.Get(name);
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

        sealed class Args
        {
            readonly string[] _args;
            public Args(string[] args) { _args = args; }
            public string Get(string name)
            {
                var i = Array.IndexOf(_args, name);
                return i >= 0 && i + 1 < _args.Length ? _args[i + 1] : null;
            }
        }
    }
}
