// Reference stubs for the build API BuildCommand.cs, ReportJson.cs and ContentBuildCommand.cs use (BuildAssetBundles, GetFiles/files, GetLatestReport from 2022.3, PackedAssets.shortPath, BuildSummary.guid) (BuildPipeline,
// PlayerSettings, UnityEditor.Build.Reporting; NamedBuildTarget from 2021.2, BuildProfile from
// Unity 6). Enum values are Unity's. BuildPlayer returns the report EditorStandIn.NextReport holds.
using System;
using Slate.StandIn.Editor;
using UnityEditor.Build.Reporting;
using UnityEngine;

namespace UnityEditor
{
    public enum BuildTarget
    {
        NoTarget = -2, StandaloneOSX = 2, StandaloneWindows = 5, iOS = 9, Android = 13, StandaloneWindows64 = 19,
        WebGL = 20, WSAPlayer = 21, StandaloneLinux64 = 24, PS4 = 31, XboxOne = 33, tvOS = 37, Switch = 38,
        GameCoreXboxSeries = 42, GameCoreXboxOne = 43, PS5 = 44,
    }

    public enum BuildTargetGroup
    {
        Unknown = 0, Standalone = 1, iOS = 4, Android = 7, WebGL = 13, WSA = 14, PS4 = 19, XboxOne = 21, tvOS = 25,
        Switch = 27, GameCoreXboxSeries = 31, GameCoreXboxOne = 32, PS5 = 33,
    }

    [Flags]
    public enum BuildOptions
    {
        None = 0, Development = 1, AutoRunPlayer = 4, ShowBuiltPlayer = 8, BuildAdditionalStreamedScenes = 16,
        AcceptExternalModificationsToPlayer = 32, InstallInBuildFolder = 64, CleanBuildCache = 128, ConnectWithProfiler = 256,
        AllowDebugging = 512, SymlinkSources = 1024, UncompressedAssetBundle = 2048, ConnectToHost = 4096,
        CustomConnectionID = 8192, BuildScriptsOnly = 32768, PatchPackage = 65536, ForceEnableAssertions = 131072,
        CompressWithLz4 = 262144, CompressWithLz4HC = 524288, ComputeCRC = 1048576, StrictMode = 2097152,
        IncludeTestAssemblies = 4194304, NoUniqueIdentifier = 8388608, WaitForPlayerConnection = 33554432,
        EnableCodeCoverage = 67108864, EnableDeepProfilingSupport = 268435456, DetailedBuildReport = 536870912,
        ShaderLivelinkSupport = 1073741824,
    }

    public enum ScriptingImplementation { Mono2x = 0, IL2CPP = 1, WinRTDotNET = 2 }

    public struct BuildPlayerOptions
    {
        public string[] scenes { get; set; }
        public string locationPathName { get; set; }
        public string assetBundleManifestPath { get; set; }
        public BuildTargetGroup targetGroup { get; set; }
        public BuildTarget target { get; set; }
        public int subtarget { get; set; }
        public BuildOptions options { get; set; }
        public string[] extraScriptingDefines { get; set; }
    }

#if UNITY_6000_0_OR_NEWER
    public struct BuildPlayerWithProfileOptions
    {
        public UnityEditor.Build.Profile.BuildProfile buildProfile { get; set; }
        public string locationPathName { get; set; }
        public string assetBundleManifestPath { get; set; }
        public BuildOptions options { get; set; }
    }
#endif

    public struct GUID
    {
        readonly string _hex;
        public GUID(string hexRepresentation) { _hex = hexRepresentation; }
        public override string ToString() { return _hex ?? "00000000000000000000000000000000"; }
    }

    [Flags]
    public enum BuildAssetBundleOptions
    {
        None = 0, UncompressedAssetBundle = 1, DisableWriteTypeTree = 8, DeterministicAssetBundle = 16, ForceRebuildAssetBundle = 32,
        IgnoreTypeTreeChanges = 64, AppendHashToAssetBundleName = 128, ChunkBasedCompression = 256, StrictMode = 512, DryRunBuild = 1024,
        DisableLoadAssetByFileName = 4096, DisableLoadAssetByFileNameWithExtension = 8192, AssetBundleStripUnityVersion = 32768,
    }

    public static partial class BuildPipeline
    {
        public static UnityEngine.AssetBundleManifest BuildAssetBundles(string outputPath, BuildAssetBundleOptions assetBundleOptions, BuildTarget targetPlatform) { return new UnityEngine.AssetBundleManifest(); }
        public static BuildTargetGroup GetBuildTargetGroup(BuildTarget platform)
        {
            switch (platform)
            {
                case BuildTarget.StandaloneOSX: case BuildTarget.StandaloneWindows: case BuildTarget.StandaloneWindows64: case BuildTarget.StandaloneLinux64: return BuildTargetGroup.Standalone;
                case BuildTarget.Android: return BuildTargetGroup.Android;
                case BuildTarget.iOS: return BuildTargetGroup.iOS;
                case BuildTarget.WebGL: return BuildTargetGroup.WebGL;
                case BuildTarget.PS5: return BuildTargetGroup.PS5;
                case BuildTarget.Switch: return BuildTargetGroup.Switch;
                case BuildTarget.GameCoreXboxSeries: return BuildTargetGroup.GameCoreXboxSeries;
                default: return BuildTargetGroup.Unknown;
            }
        }

        public static BuildReport BuildPlayer(BuildPlayerOptions buildPlayerOptions) { return BuildStandIn.Build(buildPlayerOptions.target, buildPlayerOptions.locationPathName); }
#if UNITY_6000_0_OR_NEWER
        public static BuildReport BuildPlayer(BuildPlayerWithProfileOptions buildPlayerWithProfileOptions) { return BuildStandIn.Build(BuildTarget.StandaloneLinux64, buildPlayerWithProfileOptions.locationPathName); }
#endif
    }

    public static partial class PlayerSettings
    {
#if UNITY_2021_2_OR_NEWER
        public static void SetScriptingBackend(UnityEditor.Build.NamedBuildTarget buildTarget, ScriptingImplementation backend) { }
        public static ScriptingImplementation GetScriptingBackend(UnityEditor.Build.NamedBuildTarget buildTarget) { return ScriptingImplementation.Mono2x; }
        public static string GetScriptingDefineSymbols(UnityEditor.Build.NamedBuildTarget buildTarget) { return BuildStandIn.Defines; }
        public static void SetScriptingDefineSymbols(UnityEditor.Build.NamedBuildTarget buildTarget, string defines) { BuildStandIn.Defines = defines; }
#endif
        // Deprecated in 2021.2 (NamedBuildTarget overloads replace them) but still present through 6000.x.
        public static void SetScriptingBackend(BuildTargetGroup targetGroup, ScriptingImplementation backend) { }
        public static string GetScriptingDefineSymbolsForGroup(BuildTargetGroup targetGroup) { return BuildStandIn.Defines; }
        public static void SetScriptingDefineSymbolsForGroup(BuildTargetGroup targetGroup, string defines) { BuildStandIn.Defines = defines; }
    }
}

#if UNITY_2021_2_OR_NEWER
namespace UnityEditor.Build
{
    public struct NamedBuildTarget
    {
        public string TargetName { get; private set; }
        public static NamedBuildTarget FromBuildTargetGroup(BuildTargetGroup buildTargetGroup) { return new NamedBuildTarget { TargetName = buildTargetGroup.ToString() }; }
        public static readonly NamedBuildTarget Standalone = new NamedBuildTarget { TargetName = "Standalone" };
    }
}
#endif

#if UNITY_6000_0_OR_NEWER
namespace UnityEditor.Build.Profile
{
    public sealed class BuildProfile : UnityEngine.Object
    {
        public static BuildProfile GetActiveBuildProfile() { return BuildStandIn.ActiveProfile; }
    }
}
#endif

namespace UnityEditor.Build.Reporting
{
    public enum BuildResult { Unknown = 0, Succeeded = 1, Failed = 2, Cancelled = 3 }

    public struct BuildSummary
    {
        public DateTime buildStartedAt { get; set; }
        public DateTime buildEndedAt { get; set; }
        public TimeSpan totalTime { get { return buildEndedAt - buildStartedAt; } }
        public BuildTarget platform { get; set; }
        public string outputPath { get; set; }
        public ulong totalSize { get; set; }
        public BuildResult result { get; set; }
        public int totalErrors { get; set; }
        public int totalWarnings { get; set; }
        public GUID guid { get; set; }
    }

    public struct BuildFile
    {
        public uint id { get; set; }
        public string path { get; set; }
        public string role { get; set; }
        public ulong size { get; set; }
    }

    public struct BuildStepMessage { public LogType type { get; set; } public string content { get; set; } }

    public struct BuildStep
    {
        public string name { get; set; }
        public int depth { get; set; }
        public TimeSpan duration { get; set; }
        public BuildStepMessage[] messages { get; set; }
    }

    public struct PackedAssetInfo
    {
        public GUID sourceAssetGUID { get; set; }
        public string sourceAssetPath { get; set; }
        public ulong packedSize { get; set; }
        public Type type { get; set; }
    }

    public sealed class PackedAssets : UnityEngine.Object { public PackedAssetInfo[] contents { get; set; } public string shortPath { get; set; } }

    public sealed class BuildReport : UnityEngine.Object
    {
        public BuildSummary summary { get; set; }
        public BuildStep[] steps { get; set; }
        public PackedAssets[] packedAssets { get; set; }
#if UNITY_2022_1_OR_NEWER
        BuildFile[] _files = new BuildFile[0];
        public BuildFile[] GetFiles() { return _files; }
        /// <summary>Stand-in control: the files GetFiles() returns (Unity fills them from the build).</summary>
        public void StandInSetFiles(BuildFile[] files) { _files = files; }
#else
        public BuildFile[] files { get; set; }
#endif
#if UNITY_2022_3_OR_NEWER
        public static BuildReport GetLatestReport() { return null; }
#endif
    }
}

namespace Slate.StandIn.Editor
{
    public static class BuildStandIn
    {
        public static string Defines = "";
#if UNITY_6000_0_OR_NEWER
        public static UnityEditor.Build.Profile.BuildProfile ActiveProfile;
#endif
        public static BuildResult NextResult = BuildResult.Succeeded;

        internal static BuildReport Build(UnityEditor.BuildTarget target, string output)
        {
            var now = DateTime.UtcNow;
            return new BuildReport
            {
                summary = new BuildSummary { buildStartedAt = now, buildEndedAt = now, platform = target, outputPath = output, result = NextResult },
                steps = new BuildStep[0],
                packedAssets = new PackedAssets[0],
            };
        }
    }
}
