// Reference stubs for the part of UnityEditor the bridge's live link uses (signatures from Unity's
// Scripting API). The behaviour is Unity's at the boundary, driven by EditorStandIn: EnterPlaymode
// takes effect on the next Pump (Unity enters play mode at the end of the frame), pausing and
// stepping raise pauseStateChanged, RequestScriptCompilation compiles on the next Pump and raises
// CompilationPipeline's events, ImportPackage/ExportPackage work on real files.
using System;
using System.Collections.Generic;
using System.IO;
using Slate.StandIn.Editor;
using UnityEditor.Compilation;

namespace UnityEditor
{
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class InitializeOnLoadAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class MenuItem : Attribute { public MenuItem(string itemName) { } }

    public enum PlayModeStateChange { EnteredEditMode = 0, ExitingEditMode = 1, EnteredPlayMode = 2, ExitingPlayMode = 3 }
    public enum PauseState { Paused = 0, Unpaused = 1 }

    public static class EditorApplication
    {
        public delegate void CallbackFunction();
        public static event Action<PlayModeStateChange> playModeStateChanged;
        public static event Action<PauseState> pauseStateChanged;
        public static CallbackFunction update;
        public static event Action quitting;

        internal static bool Playing, WillPlay, Paused, StepPending;
        public static bool isPlaying
        {
            get { return Playing; }
            set { if (value) EnterPlaymode(); else ExitPlaymode(); }
        }
        public static bool isPlayingOrWillChangePlaymode { get { return WillPlay; } }
        public static bool isPaused
        {
            get { return Paused; }
            set
            {
                if (Paused == value) return;
                Paused = value;
                if (Playing && pauseStateChanged != null) pauseStateChanged(value ? PauseState.Paused : PauseState.Unpaused);
            }
        }
        public static bool isCompiling { get { return EditorStandIn.CompileRequested || EditorStandIn.Compiling; } }

        public static void EnterPlaymode()
        {
            if (WillPlay) return;
            WillPlay = true;
            Raise(PlayModeStateChange.ExitingEditMode);
        }

        public static void ExitPlaymode()
        {
            if (!WillPlay) return;
            WillPlay = false;
            Raise(PlayModeStateChange.ExitingPlayMode);
        }

        public static void Step() { if (Playing) { StepPending = true; isPaused = true; } }

        public static bool ExecuteMenuItem(string menuItemPath)
        {
            Action a;
            if (!EditorStandIn.Menus.TryGetValue(menuItemPath, out a)) return false;
            a();
            return true;
        }

        public static void Exit(int returnValue) { EditorStandIn.ExitCode = returnValue; }

        internal static void Raise(PlayModeStateChange change) { var h = playModeStateChanged; if (h != null) h(change); }
        internal static void RaisePause(PauseState s) { var h = pauseStateChanged; if (h != null) h(s); }
        internal static void RaiseQuitting() { var h = quitting; if (h != null) h(); }
        internal static void RunUpdate() { var u = update; if (u != null) u(); }
    }

    public static class AssemblyReloadEvents
    {
        public delegate void AssemblyReloadCallback();
        public static event AssemblyReloadCallback beforeAssemblyReload;
        public static event AssemblyReloadCallback afterAssemblyReload;
        internal static void RaiseBefore() { var h = beforeAssemblyReload; if (h != null) h(); }
        internal static void RaiseAfter() { var h = afterAssemblyReload; if (h != null) h(); }
    }

    /// <summary>Key-value storage that survives domain reloads (not Editor restarts). Unity keeps it
    /// outside managed code; the stand-in keeps it in the process environment, which outlives an
    /// AppDomain just as Unity's store outlives a domain reload.</summary>
    public static class SessionState
    {
        internal const string Prefix = "SLATE_STANDIN_SESSIONSTATE_";
        public static string GetString(string key, string defaultValue) { return Environment.GetEnvironmentVariable(Prefix + key) ?? defaultValue; }
        public static void SetString(string key, string value) { Environment.SetEnvironmentVariable(Prefix + key, value); }
        public static void EraseString(string key) { Environment.SetEnvironmentVariable(Prefix + key, null); }
        internal static void Clear()
        {
            foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
                if (((string)e.Key).StartsWith(Prefix, StringComparison.Ordinal)) Environment.SetEnvironmentVariable((string)e.Key, null);
        }
    }

    [Flags]
    public enum ExportPackageOptions { Default = 0, Interactive = 1, Recurse = 2, IncludeDependencies = 4, IncludeLibraryAssets = 8 }

    public static partial class AssetDatabase
    {
        public static string[] GetAssetPathsFromAssetBundle(string assetBundleName) { return new string[0]; }
        public static string AssetPathToGUID(string path) { return ""; }
        public delegate void ImportPackageCallback(string packageName);
        public delegate void ImportPackageFailedCallback(string packageName, string errorMessage);
        public static event ImportPackageCallback importPackageStarted;
        public static event ImportPackageCallback importPackageCompleted;
        public static event ImportPackageCallback importPackageCancelled;
        public static event ImportPackageFailedCallback importPackageFailed;

        public static void Refresh() { EditorStandIn.Refreshes++; }

        /// <summary>The stand-in "imports" a package whose first line is "unitypackage"; anything else fails, like a corrupt archive.</summary>
        public static void ImportPackage(string packagePath, bool interactive)
        {
            var name = Path.GetFileNameWithoutExtension(packagePath);
            if (importPackageStarted != null) importPackageStarted(name);
            EditorStandIn.Later(() =>
            {
                string first = null;
                try { using (var r = new StreamReader(packagePath)) first = r.ReadLine(); } catch (IOException) { }
                if (first == "unitypackage") { EditorStandIn.Imported.Add(packagePath); if (importPackageCompleted != null) importPackageCompleted(name); }
                else if (importPackageFailed != null) importPackageFailed(name, "not a valid package archive");
            });
        }

        public static void ExportPackage(string[] assetPathNames, string fileName, ExportPackageOptions flags)
        {
            var existing = new List<string>();
            foreach (var p in assetPathNames) if (File.Exists(Path.Combine(EditorStandIn.ProjectDir, p)) || Directory.Exists(Path.Combine(EditorStandIn.ProjectDir, p))) existing.Add(p);
            if (existing.Count == 0) return; // Unity writes nothing when no asset matches
            File.WriteAllText(fileName, "unitypackage\n" + string.Join("\n", existing.ToArray()) + "\n");
        }
        public static void ExportPackage(string assetPathName, string fileName) { ExportPackage(new[] { assetPathName }, fileName, ExportPackageOptions.Default); }
    }
}

namespace UnityEditor.Compilation
{
    public enum CompilerMessageType { Error = 0, Warning = 1, Info = 2 }

    public struct CompilerMessage
    {
        public string message;
        public string file;
        public int line;
        public int column;
        public CompilerMessageType type;
    }

    public static class CompilationPipeline
    {
        public static event Action<object> compilationStarted;
        public static event Action<object> compilationFinished;
        public static event Action<string, CompilerMessage[]> assemblyCompilationStarted;
        public static event Action<string, CompilerMessage[]> assemblyCompilationFinished;

        public static void RequestScriptCompilation() { EditorStandIn.CompileRequested = true; }
#if UNITY_2021_2_OR_NEWER
        public static void RequestScriptCompilation(RequestScriptCompilationOptions options) { EditorStandIn.CompileRequested = true; }
#endif
        internal static void RaiseStarted(object ctx) { var h = compilationStarted; if (h != null) h(ctx); }
        internal static void RaiseAssembly(string path, CompilerMessage[] m) { var h = assemblyCompilationFinished; if (h != null) h(path, m); }
        internal static void RaiseFinished(object ctx) { var h = compilationFinished; if (h != null) h(ctx); }
    }

#if UNITY_2021_2_OR_NEWER
    [Flags]
    public enum RequestScriptCompilationOptions { None = 0, CleanBuildCache = 1 }
#endif
}
